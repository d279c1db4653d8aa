"""Configuration: environment variables with the ``ACCOUNTMAP_`` prefix, or a ``.env`` file.

The Neo4j connection also answers to the names Neo4j's own tools use (``NEO4J_URI``,
``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), so a shell already set up for
``cypher-shell`` needs nothing more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_PASSWORD = "accountmap-dev-password"  # noqa: S105 - refused for any server but the local one
_REPO_ROOT = Path(__file__).resolve().parent.parent
_URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _env(name: str) -> AliasChoices:
    return AliasChoices(f"ACCOUNTMAP_{name}", name)


class Settings(BaseSettings):
    """Every setting of the service. The README's configuration table lists them."""

    model_config = SettingsConfigDict(
        env_prefix="ACCOUNTMAP_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # Neo4j
    neo4j_uri: str | None = Field(
        default=None,
        validation_alias=_env("NEO4J_URI"),
        description="Bolt or neo4j:// URI of an existing server; unset starts the local one.",
    )
    neo4j_username: str = Field(default="neo4j", validation_alias=_env("NEO4J_USERNAME"))
    neo4j_password: SecretStr = Field(
        default=SecretStr(DEV_PASSWORD), validation_alias=_env("NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(default="neo4j", validation_alias=_env("NEO4J_DATABASE"))
    neo4j_home: Path = Field(
        default=_REPO_ROOT / ".neo4j" / "dev",
        description="Home folder of the local server (data and logs).",
    )
    neo4j_heap: str = Field(default="2g", pattern=r"^\d+[kmgKMG]$")
    neo4j_pagecache: str = Field(default="1g", pattern=r"^\d+[kmgKMG]$")
    neo4j_connection_timeout_s: float = Field(default=3.0, gt=0)
    neo4j_max_retry_time_s: float = Field(
        default=2.0, ge=0, description="How long a transaction retries before the request fails."
    )
    neo4j_pool_size: int = Field(default=50, ge=1)
    neo4j_query_timeout_s: float = Field(
        default=30.0, gt=0, description="Server-side bound on each transaction the API runs."
    )

    # HTTP
    request_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Time budget of one GraphQL request, its Neo4j work included (QUERY_TIMEOUT).",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or one JSON object per line."
    )
    metrics: bool = Field(default=True, description="Serve Prometheus metrics at /metrics.")
    workers: int = Field(
        default=1, ge=1, le=64, description="Worker processes (about one per core)."
    )
    client_read_timeout_s: float = Field(
        default=15.0,
        gt=0,
        description="A request must arrive whole (headers and body) within this; else the "
        "connection is closed.",
    )
    keep_alive_s: int = Field(
        default=5, ge=1, description="An idle connection is closed after this many seconds."
    )
    limit_concurrency: int | None = Field(
        default=None,
        ge=1,
        description="Most connections and requests a worker takes at once; more get HTTP 503.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    graphiql: bool = True
    graphiql_modules: Path = Field(
        default=_REPO_ROOT / "web" / "graphiql" / "node_modules",
        description="The npm install of web/graphiql (make install puts it here).",
    )

    # GraphQL limits
    max_query_depth: int = Field(default=12, ge=2)
    max_aliases: int = Field(default=30, ge=1)
    max_tokens: int = Field(default=4000, ge=100)
    max_query_cost: int = Field(
        default=20_000,
        ge=100,
        description="Most points a query may cost before it runs (docs/LIMITS.md counts them).",
    )
    max_page_size: int = Field(default=200, ge=1)
    max_batch_rows: int = Field(default=1000, ge=1)
    max_body_bytes: int = Field(
        default=4_194_304,
        ge=1024,
        description="Largest request body read (bytes); a larger one is REQUEST_TOO_LARGE.",
    )

    # Auth
    api_key_cache_s: float = Field(
        default=10.0,
        ge=0,
        description="How long a process keeps a found API key in memory (no Neo4j read per "
        "request); a revoked key is refused within this many seconds. 0 reads every time.",
    )
    jwt_key: SecretStr | None = Field(
        default=None,
        description="Key that verifies bearer JWTs: a PEM public key for RS*/ES*, a secret for HS*.",
    )
    jwt_algorithms: list[str] = ["RS256"]
    jwt_issuer: str | None = None
    jwt_audience: str | None = None

    # Graph signals and webhooks (graph/signals)
    signals_worker: bool = Field(
        default=True,
        description="Run the change scan and webhook delivery loop in this process.",
    )
    signals_poll_s: float = Field(
        default=0.5, gt=0, description="Pause of the signal loop and subscriptions when idle."
    )
    webhook_timeout_s: float = Field(default=10.0, gt=0, description="Time-out of one attempt.")
    webhook_lease_s: float = Field(
        default=60.0, gt=0, description="How long a claimed delivery stays with its worker."
    )
    webhook_max_attempts: int = Field(
        default=8, ge=1, description="Attempts before a delivery is dead-lettered."
    )
    webhook_backoff_base_s: float = Field(default=2.0, gt=0)
    webhook_backoff_max_s: float = Field(default=900.0, gt=0)

    @model_validator(mode="after")
    def _lease_outlasts_attempt(self) -> Self:
        if self.webhook_lease_s <= self.webhook_timeout_s:
            raise ValueError("ACCOUNTMAP_WEBHOOK_LEASE_S must be longer than WEBHOOK_TIMEOUT_S")
        return self

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        scheme = value.split("://", 1)[0]
        if "://" not in value or scheme not in _URI_SCHEMES:
            raise ValueError(f"must start with one of {', '.join(s + '://' for s in _URI_SCHEMES)}")
        return value

    @model_validator(mode="after")
    def _no_default_password_on_real_servers(self) -> Self:
        if self.neo4j_uri is not None and self.neo4j_password.get_secret_value() == DEV_PASSWORD:
            raise ValueError(
                "NEO4J_PASSWORD is still the local development default; set the password of the "
                "server NEO4J_URI points at"
            )
        return self

    @property
    def uses_local_server(self) -> bool:
        """True when no NEO4J_URI is set and the project runs its own Neo4j."""
        return self.neo4j_uri is None


class SettingsError(RuntimeError):
    """Configuration that cannot be used; the message names each bad setting."""


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, turning pydantic's report into one readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            name = "_".join(str(part) for part in issue["loc"]) or "settings"
            variable = f"ACCOUNTMAP_{name.upper()}" if issue["loc"] else "settings"
            problems.append(f"{variable}: {issue['msg']}")
        raise SettingsError("Invalid configuration:\n  " + "\n  ".join(problems)) from None
