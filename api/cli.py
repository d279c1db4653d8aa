"""The ``accountmap`` command line: the local Neo4j, migrations, demo data, API keys, the server."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from api.connection import connection_options, local_locator, local_server
from api.import_command import IMPORT_HELP, run_import
from api.settings import Settings, SettingsError, load_settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.credentials import Role, create_api_key, list_api_keys, revoke_api_key
from graph.core.errors import GraphError
from graph.core.local_server import LocalServerError
from graph.core.migrations import apply_migrations
from graph.ingest.imports import DEFAULT_BATCH_SIZE, ImportFormat, ImportSourceError, read_source

T = TypeVar("T")
DEMO_WORKSPACE = "demo"

app = typer.Typer(
    help="Account maps in Neo4j behind a GraphQL API. `make run` and `make test` need nothing else.",
    no_args_is_help=True,
    add_completion=False,
)
neo4j_app = typer.Typer(help="The local Neo4j server (ignored when NEO4J_URI is set).")
keys_app = typer.Typer(help="API keys for scripts and integrations (stored hashed).")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(keys_app, name="keys")
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        err.print(str(error), style="red", soft_wrap=True, markup=False)
        raise typer.Exit(2) from None


def _fail(message: str) -> typer.Exit:
    # Whole lines (never wrapped at the terminal's width) and never read as markup: messages
    # carry paths, URIs and commands to copy.
    err.print(message, style="red", soft_wrap=True, markup=False)
    return typer.Exit(1)


@contextlib.contextmanager
def _neo4j(settings: Settings, *, start_local: bool = True) -> Iterator[ConnectionOptions]:
    """Connection options; starts the local server (attached) for the block when none runs."""
    if not settings.uses_local_server:
        yield connection_options(settings)
        return
    server = local_server(settings)
    running = server.running_detached()
    if running is not None:
        yield connection_options(settings, running)
        return
    if not start_local:
        raise _fail("The local Neo4j is not running: `accountmap neo4j start`, or set NEO4J_URI.")
    try:
        started = time.monotonic()
        uri = server.start(attached=True)
        console.print(f"Local Neo4j ready at {uri} in {time.monotonic() - started:.1f} s")
    except LocalServerError as error:
        raise _fail(str(error)) from None
    try:
        yield connection_options(settings, uri)
    finally:
        server.stop()
        console.print("Local Neo4j stopped.")


def _with_graph(options: ConnectionOptions, work: Callable[[GraphClient], Awaitable[T]]) -> T:
    async def run() -> T:
        driver = open_driver(options)
        try:
            return await work(GraphClient(driver, options.database))
        finally:
            await driver.close()

    try:
        return asyncio.run(run())
    except GraphError as error:
        raise _fail(error.message) from None


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background (builds it from Maven Central on first use)."""
    settings = _settings()
    if not settings.uses_local_server:
        raise _fail(f"NEO4J_URI is set ({settings.neo4j_uri}); nothing local to start.")
    server = local_server(settings)
    started = time.monotonic()
    try:
        uri = server.start(attached=False)
    except LocalServerError as error:
        raise _fail(str(error)) from None
    console.print(f"Local Neo4j running at {uri} ({time.monotonic() - started:.1f} s)")
    console.print(f"Home: {settings.neo4j_home}   Stop it with: accountmap neo4j stop")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the background local Neo4j."""
    if local_server(_settings()).stop():
        console.print("Local Neo4j stopped.")
    else:
        console.print("No local Neo4j was running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs, and where."""
    settings = _settings()
    if not settings.uses_local_server:
        console.print(f"Using NEO4J_URI {settings.neo4j_uri}; no local server is managed.")
        return
    uri = local_server(settings).running_detached()
    console.print(f"Running at {uri}" if uri else "Not running.")
    if uri is None:
        raise typer.Exit(3)


@app.command()
def migrate() -> None:
    """Apply pending schema migrations (constraints and indexes)."""
    settings = _settings()
    with _neo4j(settings) as options:
        applied = _with_graph(options, apply_migrations)
    console.print(f"Applied: {', '.join(applied)}" if applied else "Nothing to apply.")


@dataclass(frozen=True)
class DemoKey:
    """The demo workspace's admin key for one ``serve --demo``."""

    secret: str
    key_id: str
    revoke_on_exit: bool


def demo_key(
    settings: Settings, options: ConnectionOptions, workspace: str = DEMO_WORKSPACE
) -> DemoKey:
    """The demo admin key: beside a local server's data it is kept and reused run after run;
    on a server NEO4J_URI names it is made for this run and revoked when the run ends, so
    repeated runs leave no keys behind."""
    from graph.core.credentials import find_principal_by_api_key

    key_file = settings.neo4j_home / "demo-api-key" if settings.uses_local_server else None

    async def work(graph: GraphClient) -> DemoKey:
        if key_file is not None and key_file.exists():
            key_id, _, secret = key_file.read_text().strip().partition(" ")
            if secret and await find_principal_by_api_key(graph, secret) is not None:
                return DemoKey(secret, key_id, revoke_on_exit=False)
        created = await create_api_key(graph, workspace, "demo admin (serve --demo)", Role.ADMIN)
        if key_file is not None:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(f"{created.info.id} {created.secret}")
            key_file.chmod(0o600)
        return DemoKey(created.secret, created.info.id, revoke_on_exit=key_file is None)

    return _with_graph(options, work)


def _seed_demo(options: ConnectionOptions, workspace: str) -> None:
    from seeds.demo import load_demo

    summary = _with_graph(options, lambda graph: load_demo(graph, workspace))
    console.print(f"Demo data loaded into workspace {workspace!r}: {summary}")


@app.command()
def seed(
    workspace: Annotated[
        str, typer.Option(help="Workspace to load the demo data into.")
    ] = DEMO_WORKSPACE,
) -> None:
    """Load the hand-made demo workspace (idempotent: running it twice changes nothing)."""
    settings = _settings()
    with _neo4j(settings) as options:
        _with_graph(options, apply_migrations)
        _seed_demo(options, workspace)


@app.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Load the demo data and print a demo key.")] = False,
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default from settings).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes, about one per core (default ACCOUNTMAP_WORKERS, 1). They "
            "share nothing but Neo4j; /metrics in any of them reports all.",
        ),
    ] = None,
) -> None:
    """Serve the GraphQL API; starts the local Neo4j for the duration unless one runs already."""
    from api.app import create_app
    from api.server import ServeOptions, serve_app

    settings = _settings()
    host = host or settings.host
    port = port if port is not None else settings.port
    serving = ServeOptions(
        host=host,
        port=port,
        workers=workers or settings.workers,
        read_timeout_s=settings.client_read_timeout_s,
        keep_alive_s=settings.keep_alive_s,
        limit_concurrency=settings.limit_concurrency,
        log_format=settings.log_format,
    )
    with _neo4j(settings) as options:
        _with_graph(options, apply_migrations)
        key: DemoKey | None = None
        if demo:
            _seed_demo(options, DEMO_WORKSPACE)
            key = demo_key(settings, options)
            _print_copyable(
                f"\nGraphiQL:  http://{host}:{port}/graphql",
                f"Map page:  http://{host}:{port}/app (paste the key below once)",
                f'Auth:      GraphiQL\'s headers tab: {{"Authorization": "Bearer {key.secret}"}}',
                f"curl:      curl -s http://{host}:{port}/graphql -H 'Authorization: Bearer "
                f"{key.secret}' -H 'Content-Type: application/json' "
                '-d \'{"query": "{ viewer { workspace role } }"}\'',
                "Stop:      Ctrl-C (stops the API and the Neo4j it started)\n",
            )
        try:
            app_here = (
                create_app(settings, options, local_locator(settings))
                if serving.workers == 1
                else None
            )
            serve_app(app_here, serving, options.uri)
        finally:
            if key is not None and key.revoke_on_exit:
                key_id = key.key_id
                _with_graph(options, lambda graph: revoke_api_key(graph, DEMO_WORKSPACE, key_id))
                console.print("Demo key revoked (it was made for this run only).")


@app.command("mcp")
def mcp_stdio(
    credential: Annotated[
        str,
        typer.Option(
            envvar="ACCOUNTMAP_MCP_CREDENTIAL",
            show_default=False,
            help="An API key (am_...) or a JWT; prefer the environment variable, which `ps` "
            "does not show.",
        ),
    ],
) -> None:
    """Serve the MCP tools over stdio for an assistant on this machine (docs/MCP.md). Needs a
    running Neo4j (NEO4J_URI, or `accountmap neo4j start`); stdout carries only the protocol."""
    from starlette.authentication import AuthenticationError

    from api.mcp.stdio import serve_stdio

    settings = _settings()
    with _neo4j(settings, start_local=False) as options:
        try:
            asyncio.run(serve_stdio(settings, options, credential))
        except AuthenticationError as error:
            raise _fail(str(error)) from None


@app.command("signals")
def signals_loop(
    workspace: Annotated[
        list[str] | None,
        typer.Option(
            help="Only this workspace (repeat for several); default every workspace. Several "
            "loops may run at once: claims and scans are locked in the database.",
        ),
    ] = None,
) -> None:
    """Run the change scan and the webhook deliveries (docs/SIGNALS.md) without serving HTTP.
    With ACCOUNTMAP_SIGNALS_WORKER=false on the API workers, scanning then no longer shares
    their event loop. Needs a running Neo4j; Ctrl-C stops it."""
    from api.signals_command import run_signal_loop

    settings = _settings()
    with _neo4j(settings, start_local=False) as connection:
        console.print("Signal loop running (Ctrl-C or SIGTERM stops it).")
        asyncio.run(run_signal_loop(settings, connection, workspace or None))
        console.print("Signal loop stopped.")


def _print_copyable(*lines: str) -> None:
    """Lines a user copies (keys, commands), printed whole: never wrapped at the terminal's
    width, never read as markup."""
    for line in lines:
        console.print(line, soft_wrap=True, markup=False, highlight=False)


@keys_app.command("create")
def keys_create(
    workspace: Annotated[str, typer.Argument(help="Workspace id the key belongs to.")],
    role: Annotated[Role, typer.Option(help="What the key may do.")] = Role.INTEGRATION,
    name: Annotated[str, typer.Option(help="A label to recognise the key by.")] = "integration",
    partner: Annotated[str | None, typer.Option(help="Partner id (role partner only).")] = None,
) -> None:
    """Create an API key; its secret is printed once and never stored."""
    if role is Role.PARTNER and not partner:
        raise _fail("--partner is required with --role partner.")
    settings = _settings()
    with _neo4j(settings, start_local=False) as options:
        created = _with_graph(
            options, lambda graph: create_api_key(graph, workspace, name, role, partner)
        )
    console.print(f"Key {created.info.id} ({role.value}) for workspace {workspace!r}:")
    console.print(created.secret, soft_wrap=True)


@keys_app.command("list")
def keys_list(workspace: Annotated[str, typer.Argument(help="Workspace id.")]) -> None:
    """List a workspace's keys (never their secrets)."""
    settings = _settings()
    with _neo4j(settings, start_local=False) as options:
        keys = _with_graph(options, lambda graph: list_api_keys(graph, workspace))
    table = Table("id", "name", "role", "partner", "created", "revoked")
    for key in keys:
        table.add_row(
            key.id,
            key.name,
            key.role.value,
            key.partner_id or "",
            key.created_at.isoformat(timespec="seconds"),
            key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    workspace: Annotated[str, typer.Argument(help="Workspace id.")],
    key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")],
) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    settings = _settings()
    with _neo4j(settings, start_local=False) as options:
        _with_graph(options, lambda graph: revoke_api_key(graph, workspace, key_id))
    console.print(f"Revoked {key_id}.")


@app.command("import", help=IMPORT_HELP)
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Bundle files, CSV files or folders.")],
    workspace: Annotated[str, typer.Option(help="Workspace to load into.")],
    dry_run: Annotated[bool, typer.Option(help="Check everything, write nothing.")] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=50_000, help="Rows per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    format: Annotated[ImportFormat, typer.Option(help="What the files are.")] = (
        ImportFormat.BUNDLE
    ),
) -> None:
    try:
        source = read_source(paths, format)
    except ImportSourceError as error:
        raise _fail(str(error)) from None
    settings = _settings()
    with _neo4j(settings) as options:
        _with_graph(options, apply_migrations)
        loaded = _with_graph(
            options,
            lambda graph: run_import(
                graph, source, workspace, dry_run=dry_run, batch_size=batch_size, console=console
            ),
        )
    if not loaded:
        raise typer.Exit(1)
