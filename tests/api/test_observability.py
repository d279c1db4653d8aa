"""What an operator sees: the request id, one log line per request, JSON logs, /metrics."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
from typing import Any

import httpx
import pytest

from api.observability import logging_config
from tests.conftest import GraphQLCaller


async def _post(http: httpx.AsyncClient, key: str, query: str, **headers: str) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {key}", **headers},
    )


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "accountmap.request"]


async def test_a_request_id_is_returned_and_a_clients_own_is_kept(
    http: httpx.AsyncClient, demo: GraphQLCaller
) -> None:
    fresh = await _post(http, demo.key, "{ viewer { workspace } }")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["x-request-id"])
    kept = await _post(http, demo.key, "{ viewer { workspace } }", **{"X-Request-ID": "trace:42"})
    assert kept.headers["x-request-id"] == "trace:42"
    # Not a short token: replaced, never echoed (it would reach the logs).
    forged = await _post(http, demo.key, "{ viewer { workspace } }", **{"X-Request-ID": "a b" * 40})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["x-request-id"])


async def test_one_line_per_request_with_operation_workspace_and_neo4j_time(
    http: httpx.AsyncClient, demo: GraphQLCaller, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="accountmap")
    workspace = (await demo("{ viewer { workspace } }"))["data"]["viewer"]["workspace"]
    caplog.clear()
    response = await _post(
        http,
        demo.key,
        'query Map { account(id: "acc-harborview") { name } viewer { role } }',
        **{"X-Request-ID": "line-1"},
    )
    assert response.status_code == 200
    [line] = _request_lines(caplog)
    fields: dict[str, Any] = line.__dict__
    assert fields["request_id"] == "line-1"
    assert (fields["code"], fields["status"], fields["operation"], fields["fields"]) == (
        "OK",
        200,
        "Map",
        ["account", "viewer"],
    )
    assert fields["workspace"] == workspace
    assert fields["transactions"] >= 1
    assert fields["neo4j_ms"] > 0


async def test_client_errors_are_one_info_line_without_traceback(
    http: httpx.AsyncClient, demo: GraphQLCaller, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="accountmap")
    await _post(http, demo.key, '{ accountRisk(accountId: "nope") { score } }')
    await _post(http, demo.key, "{ nothing }")
    await http.post("/graphql", json={"query": "{ viewer { role } }"})
    codes = [r.__dict__["code"] for r in _request_lines(caplog)]
    assert codes == ["NOT_FOUND", "GRAPHQL_VALIDATION_FAILED", "UNAUTHENTICATED"]
    assert all(r.exc_info is None and r.levelno <= logging.INFO for r in caplog.records)


async def test_metrics_count_requests_by_root_field_and_code(
    http: httpx.AsyncClient, demo: GraphQLCaller
) -> None:
    def count(text: str, field: str, code: str) -> float:
        pattern = rf'accountmap_requests_total\{{code="{code}",field="{field}"\}} (\S+)'
        found = re.search(pattern, text)
        return float(found.group(1)) if found else 0.0

    before = (await http.get("/metrics")).text
    await _post(http, demo.key, '{ accountRisk(accountId: "nope") { score } }')
    await _post(http, demo.key, '{ accountRisk(accountId: "acc-harborview") { score } }')
    after = (await http.get("/metrics")).text
    assert count(after, "accountRisk", "NOT_FOUND") == count(before, "accountRisk", "NOT_FOUND") + 1
    assert count(after, "accountRisk", "OK") == count(before, "accountRisk", "OK") + 1
    assert "accountmap_neo4j_transaction_seconds_bucket" in after
    assert "accountmap_neo4j_pool_size" in after


def test_json_logs_are_one_object_per_line_with_the_request_id() -> None:
    stream = io.StringIO()
    config = logging_config("json")
    config["handlers"]["default"]["stream"] = stream
    loggers = [logging.getLogger(name) for name in config["loggers"]]
    saved = [(lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    logging.config.dictConfig(config)
    try:
        logging.getLogger("accountmap.request").info(
            "POST /graphql 200 OK", extra={"code": "OK", "transactions": 2}
        )
    finally:
        for lg, (handlers, level, propagate) in zip(loggers, saved, strict=True):
            lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate
    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == "POST /graphql 200 OK"
    assert (record["level"], record["logger"], record["request_id"]) == (
        "INFO",
        "accountmap.request",
        "-",
    )
    assert (record["code"], record["transactions"]) == ("OK", 2)
