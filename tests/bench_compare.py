"""What `make bench` compares the API with, and the processes it measures.

- ``ApiProcess``: the real app under uvicorn in a process of its own (one worker, as `accountmap
  serve` runs it), so the benchmark's client does not share the server's interpreter.
- ``NodeNeo4jGraphQL``: @neo4j/graphql served by Apollo Server from ``bench/neo4j-graphql`` (its
  package-lock.json pins every package; ``npm ci`` installs them from npm on first use), against
  the same Neo4j and data: the alternative a user would pick for a GraphQL API over Neo4j.
- The account map asked of both: the same fields, the same day (people employed there on the
  day, sorted by name, their roles there on the day, who of our sellers and of the partners'
  contacts knows them; and how many people are mapped), and ``same_answer`` to check them.
- ``throughput``: requests per second with several clients at once.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from graph.core.client import ConnectionOptions
from graph.core.host import free_port

REPO = Path(__file__).resolve().parent.parent
HARNESS = REPO / "bench" / "neo4j-graphql"

OUR_ACCOUNT_MAP = (
    "query AccountMap($id: ID!, $day: Date!) { account(id: $id, asOf: $day) { name "
    "people(first: 50) { edges { node { person { name } roles { role } "
    "knownBy { name strength } } } } coverage { stakeholdersMapped } } }"
)

# The same question in @neo4j/graphql's terms: "on the day" is its where-filter on the
# relationship properties (start absent or on/before the day, end absent or after it).
THEIR_ACCOUNT_MAP = """
query AccountMap($id: ID!, $workspace: String!, $current: EmploymentWhere!, $held: HeldRoleWhere!) {
  accounts(where: { id: { eq: $id }, workspace: { eq: $workspace } }) {
    name
    peopleConnection(first: 50, where: { edge: $current },
                      sort: [{ node: { name: ASC } }, { node: { id: ASC } }]) {
      edges { node {
        name
        rolesConnection(where: { node: { id: { eq: $id }, workspace: { eq: $workspace } },
                                 edge: $held }) {
          edges { properties { role } }
        }
        knowsSellersConnection(where: { node: { workspace: { eq: $workspace } } }) {
          edges { properties { strength } node { name } }
        }
        knowsPeopleConnection(where: { node: { workspace: { eq: $workspace },
                                               partnersConnection: { some: { edge: $current } } } }) {
          edges { properties { strength } node { name } }
        }
      } }
    }
    mapped: peopleConnection(where: { edge: $current }) { totalCount }
  }
}
"""


def _on_day(start: str, end: str, day: date) -> dict[str, Any]:
    iso = day.isoformat()
    return {
        "AND": [
            {"OR": [{start: {"eq": None}}, {start: {"lte": iso}}]},
            {"OR": [{end: {"eq": None}}, {end: {"gt": iso}}]},
        ]
    }


def their_variables(account_id: str, workspace: str, day: date) -> dict[str, Any]:
    """The variables of ``THEIR_ACCOUNT_MAP`` for one account on ``day``."""
    return {
        "id": account_id,
        "workspace": workspace,
        "current": _on_day("startDate", "endDate", day),
        "held": _on_day("fromDate", "toDate", day),
    }


Answer = tuple[str | None, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...], int]


def our_answer(body: dict[str, Any]) -> Answer:
    """The account map our API answered, as comparable values."""
    account = body["data"]["account"]
    people = tuple(
        (
            str(e["node"]["person"]["name"]),
            tuple(sorted(r["role"] for r in e["node"]["roles"])),
            tuple(sorted(f"{k['name']}:{k['strength']:.3f}" for k in e["node"]["knownBy"])),
        )
        for e in account["people"]["edges"]
    )
    return account["name"], people, int(account["coverage"]["stakeholdersMapped"])


def their_answer(body: dict[str, Any]) -> Answer:
    """The account map @neo4j/graphql answered, as comparable values."""
    account = body["data"]["accounts"][0]
    people = tuple(
        (
            str(e["node"]["name"]),
            tuple(sorted(r["properties"]["role"] for r in e["node"]["rolesConnection"]["edges"])),
            tuple(
                sorted(
                    f"{k['node']['name']}:{k['properties']['strength']:.3f}"
                    for part in ("knowsSellersConnection", "knowsPeopleConnection")
                    for k in e["node"][part]["edges"]
                )
            ),
        )
        for e in account["peopleConnection"]["edges"]
    )
    return account["name"], people, int(account["mapped"]["totalCount"])


def same_answer(ours: Answer, theirs: Answer) -> bool:
    """Same name, same people in the same order with the same roles and acquaintances, same
    count mapped."""
    return ours == theirs


def _child_env(connection: ConnectionOptions, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEO4J_URI": connection.uri,
        "NEO4J_USERNAME": connection.username,
        "NEO4J_PASSWORD": connection.password,
        **extra,
    }


@contextmanager
def api_process(connection: ConnectionOptions) -> Iterator[str]:
    """The app under uvicorn (one worker) in its own process; its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=REPO,
        env=_child_env(connection, PYTHONPATH=str(REPO), ACCOUNTMAP_GRAPHIQL="false"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(lambda: httpx.get(f"{url}/healthz", timeout=1).status_code == 200, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def install_harness() -> str | None:
    """``npm ci`` in the harness when its packages are missing or older than the lockfile;
    None when ready, else why not (no npm)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "node and npm are not installed"
    stamp = HARNESS / "node_modules" / ".package-lock.json"
    lock = HARNESS / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return None
    subprocess.run(  # noqa: S603 - npm from PATH, fixed arguments
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HARNESS,
        check=True,
    )
    return None


@contextmanager
def neo4j_graphql_process(connection: ConnectionOptions) -> Iterator[str]:
    """@neo4j/graphql under Apollo Server in a Node process; its GraphQL URL."""
    node = shutil.which("node")
    assert node is not None
    process = subprocess.Popen(  # noqa: S603 - node from PATH, our harness file
        [node, "server.mjs"],
        cwd=HARNESS,
        env=_child_env(connection, PORT="0"),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("ready "):
            raise RuntimeError(f"the @neo4j/graphql harness did not start: {line!r}")
        yield line.removeprefix("ready ")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(up: Callable[[], bool], process: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if up():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not come up within 120 s")


async def throughput(
    http: httpx.AsyncClient,
    url: str,
    bodies: Sequence[dict[str, Any]],
    headers: dict[str, str],
    clients: int,
    requests: int,
) -> float:
    """Requests per second answered without errors, ``clients`` at once, ``requests`` in all
    (bodies in rotation)."""
    counter = iter(range(requests))

    async def client() -> None:
        for i in counter:
            response = await http.post(url, json=bodies[i % len(bodies)], headers=headers)
            if response.json().get("errors"):
                raise RuntimeError(str(response.json()["errors"])[:300])

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return requests / (time.perf_counter() - started)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
