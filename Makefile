# The one entry point: `make run` serves the API with demo data, `make test` runs the suite.
# Both install what is missing first (a Python venv in .venv; the Neo4j launcher is built from
# Maven Central by the first command that needs it).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# GraphiQL's files come from the npm registry (pinned by web/graphiql/package-lock.json) and are
# served by the API itself. Without npm the API still runs; its GraphiQL page says what to install.
IDE_STAMP := web/graphiql/node_modules/.installed
# The /app page's drawing libraries (Cytoscape.js, dagre), the same way (web/app/package-lock.json).
APP_STAMP := web/app/node_modules/.installed

.PHONY: run test bench load lint typecheck install browser neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is required (python3 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(IDE_STAMP): web/graphiql/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix web/graphiql --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(IDE_STAMP); \
	else echo "npm not found: GraphiQL will not be served (install Node.js and run make install)"; fi

$(APP_STAMP): web/app/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix web/app --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(APP_STAMP); \
	else echo "npm not found: the /app page will not be served (install Node.js and run make install)"; fi

install: $(STAMP) $(IDE_STAMP) $(APP_STAMP)

run: install
	$(BIN)/accountmap serve --demo

# Headless Chromium for the browser tests (GraphiQL, /app): Debian's package, where apt-get may run.
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser test..."; \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends chromium; } >/dev/null 2>&1 \
				|| echo "chromium could not be installed: the browser test will skip"; \
		else echo "no chromium, and apt-get needs root: the browser test will skip"; fi; }

test: install browser
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.bench

# The API under 1-64 concurrent clients on 1 and 2 workers (tests/load.py says what it measures).
load: $(STAMP)
	$(BIN)/python -m tests.load

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

neo4j-start: $(STAMP)
	$(BIN)/accountmap neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/accountmap neo4j stop

clean:
	rm -rf $(VENV) .neo4j .bench graph/launcher/target web/graphiql/node_modules web/app/node_modules \
		bench/neo4j-graphql/node_modules
