# The one entry point: `make run` serves the API with demo data, `make test` runs the suite.
# Both install what is missing first (a Python venv in .venv; the Neo4j launcher is built from
# Maven Central by the first command that needs it).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck install neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is required (python3 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/accountmap serve --demo

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

neo4j-start: $(STAMP)
	$(BIN)/accountmap neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/accountmap neo4j stop

clean:
	rm -rf $(VENV) .neo4j .bench graph/launcher/target
