"""A local Neo4j 5.26 community server, built from Maven Central and run on a loopback port.

The Maven project in ``graph/launcher`` depends on ``org.neo4j:neo4j`` and holds one launcher
class. ``ensure_built`` compiles it (once) into a plain classpath; ``LocalNeo4j`` runs it either
attached (it dies with this process: tests, ``make run``) or detached (``accountmap neo4j start``,
tracked by a pid file in the server's home folder).

Free ports and whether a process lives come from ``graph.core.host``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from graph.core.host import free_port, port_free, process_exists

LAUNCHER_DIR = Path(__file__).resolve().parents[1] / "launcher"
_CLASSES = LAUNCHER_DIR / "target" / "classes"
_DEPENDENCIES = LAUNCHER_DIR / "target" / "dependency"
_BUILT_STAMP = LAUNCHER_DIR / "target" / ".built"
_MAIN_CLASS = "io.accountmap.launcher.Launcher"

# The flags Neo4j's own neo4j.conf passes on Java 17 (server.jvm.additional).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
)


class LocalServerError(RuntimeError):
    """The local Neo4j could not be built, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class LocalServerOptions:
    """How to run the local server. Sizes are JVM/Neo4j size strings such as ``1g``."""

    home: Path
    password: str
    heap: str = "2g"
    pagecache: str = "1g"
    start_timeout_s: float = 240.0
    port: int | None = None  # fixed Bolt port; None picks a free one


def _missing_tools_message(missing: list[str]) -> str:
    return (
        f"The local Neo4j needs {' and '.join(missing)} on PATH (Java 17 or newer and Maven 3.8+). "
        "Install them (Debian: apt-get install openjdk-17-jdk-headless maven), "
        "or point the service at an existing server with NEO4J_URI, NEO4J_USERNAME and "
        "NEO4J_PASSWORD."
    )


def _is_built() -> bool:
    if not _BUILT_STAMP.exists():
        return False
    built_at = _BUILT_STAMP.stat().st_mtime
    sources = [LAUNCHER_DIR / "pom.xml", *(LAUNCHER_DIR / "src").rglob("*.java")]
    return all(source.stat().st_mtime <= built_at for source in sources)


def ensure_built(*, quiet: bool = False) -> None:
    """Compile the launcher and copy Neo4j's jars from Maven Central, unless already done."""
    if _is_built():
        return
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        raise LocalServerError(_missing_tools_message(missing))
    if not quiet:
        print(
            "Building the local Neo4j launcher from Maven Central (first run only)...", flush=True
        )
    command = ["mvn", "-B", "-q", "package", "dependency:copy-dependencies", "-DskipTests"]
    result = subprocess.run(  # noqa: S603 - fixed argument list, no user input
        command, cwd=LAUNCHER_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise LocalServerError(f"Building the Neo4j launcher failed ({' '.join(command)}):\n{tail}")
    _BUILT_STAMP.touch()


def _pid_alive(pid: int) -> bool:
    """The process runs and is our launcher."""
    if not process_exists(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    # A recycled pid that is no longer our launcher does not count.
    return not cmdline.exists() or _MAIN_CLASS.encode() in cmdline.read_bytes()


class LocalNeo4j:
    """One local Neo4j server process on one home folder."""

    def __init__(self, options: LocalServerOptions) -> None:
        self.options = options
        self.uri: str | None = None
        self._process: subprocess.Popen[str] | None = None
        self._output: deque[str] = deque(maxlen=200)
        self._reader: threading.Thread | None = None

    @property
    def _pid_file(self) -> Path:
        return self.options.home / "launcher.pid"

    @property
    def _uri_file(self) -> Path:
        return self.options.home / "launcher.uri"

    @property
    def _port_file(self) -> Path:
        # The port a home last served on, reused so clients configured once keep working.
        return self.options.home / "launcher.port"

    @property
    def _owner_file(self) -> Path:
        # "<pid> <uri>" of the process that runs this home's server attached (make run, tests).
        return self.options.home / "launcher.owner"

    def remembered_port(self) -> int | None:
        """The Bolt port this home last served on, if it is free now (a start reuses it, so
        clients configured once keep working across restarts)."""
        try:
            port = int(self._port_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return port if port_free(port) else None

    def _check_not_owned(self) -> None:
        """One sentence instead of Neo4j's store-lock stack trace when another process of ours
        already runs a server on this home."""
        try:
            pid_text, uri = self._owner_file.read_text().split()
            pid = int(pid_text)
        except (OSError, ValueError):
            return
        if pid != os.getpid() and process_exists(pid):
            raise LocalServerError(
                f"Another accountmap process (pid {pid}) already runs the local Neo4j of "
                f"{self.options.home} at {uri}: stop it first (Ctrl-C there); to share one "
                "server between several commands, start it with `accountmap neo4j start`."
            )
        self._owner_file.unlink(missing_ok=True)

    def running_detached(self) -> str | None:
        """The Bolt URI of a detached server already running on this home, if any.

        A pid file whose process is gone (a killed run) is removed: the store lock went with the
        process, so the next start recovers by itself.
        """
        if not self._pid_file.exists():
            return None
        try:
            pid = int(self._pid_file.read_text().strip())
        except ValueError:
            pid = -1
        if pid > 0 and _pid_alive(pid) and self._uri_file.exists():
            return self._uri_file.read_text().strip()
        self._pid_file.unlink(missing_ok=True)
        self._uri_file.unlink(missing_ok=True)
        return None

    def running_uri(self) -> str | None:
        """Where this home's server runs now: detached, or attached to a live process of ours;
        ``None`` when it does not run. An API that outlives a restart asks this to follow it."""
        detached = self.running_detached()
        if detached is not None:
            return detached
        try:
            pid_text, uri = self._owner_file.read_text().split()
            pid = int(pid_text)
        except (OSError, ValueError):
            return None
        return uri if process_exists(pid) else None

    def _command(self, port: int, *, attached: bool) -> list[str]:
        java = shutil.which("java")
        if java is None:
            raise LocalServerError(_missing_tools_message(["java"]))
        classpath = f"{_CLASSES}{os.pathsep}{_DEPENDENCIES}/*"
        return [
            java,
            f"-Xms{self.options.heap}",
            f"-Xmx{self.options.heap}",
            *JVM_FLAGS,
            "-cp",
            classpath,
            _MAIN_CLASS,
            "--home",
            str(self.options.home),
            "--port",
            str(port),
            "--pagecache",
            self.options.pagecache,
            "--exit-on-stdin-eof",
            "true" if attached else "false",
        ]

    def _log_tail(self, lines: int = 40) -> str:
        parts = list(self._output)[-lines:]
        debug_log = self.options.home / "logs" / "debug.log"
        if debug_log.exists():
            parts.append(f"--- tail of {debug_log} ---")
            parts.extend(debug_log.read_text(errors="replace").splitlines()[-lines:])
        return "\n".join(parts)

    def start(self, *, attached: bool = True) -> str:
        """Start the server and return its Bolt URI once it accepts connections.

        Attached: the JVM watches our stdin pipe and stops when this process dies, so no run,
        however it ends, leaves a JVM behind. Detached: it outlives us and ``stop`` ends it.
        """
        existing = self.running_detached()
        if existing is not None:
            self.uri = existing
            return existing
        self._check_not_owned()
        ensure_built()
        self.options.home.mkdir(parents=True, exist_ok=True)
        last_error = ""
        for _attempt in range(3):
            port = self.options.port or self.remembered_port() or free_port()
            try:
                self.uri = self._start_once(port, attached=attached)
            except LocalServerError as error:
                last_error = str(error)
                # Another process took the port between our probe and Neo4j's bind: try another.
                if "Address already in use" in last_error and self.options.port is None:
                    continue
                raise
            return self.uri
        raise LocalServerError(last_error)

    def _start_once(self, port: int, *, attached: bool) -> str:
        environment = dict(os.environ, NEO4J_LAUNCHER_PASSWORD=self.options.password)
        self._output.clear()
        ready = threading.Event()
        uri_box: list[str] = []
        log_path = self.options.home / "launcher.log"
        # Detached, the server outlives us, so its output goes to a file rather than our pipe.
        log_file = None if attached else log_path.open("w")
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no user input
            self._command(port, attached=attached),
            stdin=subprocess.PIPE if attached else subprocess.DEVNULL,
            stdout=subprocess.PIPE if attached else log_file,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
            start_new_session=not attached,
        )
        if log_file is not None:
            log_file.close()

        def note(line: str) -> None:
            self._output.append(line)
            if line.startswith("READY "):
                uri_box.append(line.split(" ", 1)[1])
                ready.set()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                note(line.rstrip("\n"))

        if attached:
            self._reader = threading.Thread(target=pump, name="neo4j-output", daemon=True)
            self._reader.start()
        deadline = time.monotonic() + self.options.start_timeout_s
        while not ready.wait(0.2):
            if not attached:
                self._output.clear()
                for line in log_path.read_text(errors="replace").splitlines():
                    note(line)
                if ready.is_set():
                    break
            if process.poll() is not None:
                if self._reader is not None:
                    self._reader.join(timeout=2)
                _close_pipes(process)
                if any("FileLockException" in line for line in self._output):
                    raise LocalServerError(
                        f"The store in {self.options.home} is locked by another Neo4j process: "
                        "stop that one first, or set ACCOUNTMAP_NEO4J_HOME to another folder."
                    )
                raise LocalServerError(
                    f"The local Neo4j exited with code {process.returncode} before it was ready.\n"
                    f"{self._log_tail()}"
                )
            if time.monotonic() > deadline:
                _terminate(process)
                _close_pipes(process)
                raise LocalServerError(
                    f"The local Neo4j was not ready after {self.options.start_timeout_s:.0f} s.\n"
                    f"{self._log_tail()}"
                )
        self._process = process if attached else None
        uri = uri_box[0]
        self._port_file.write_text(str(port))
        if attached:
            self._owner_file.write_text(f"{os.getpid()} {uri}")
        else:
            self._pid_file.write_text(str(process.pid))
            self._uri_file.write_text(uri)
        return uri

    def stop(self) -> bool:
        """Stop the server this object started, or the detached one on this home. True if one ran."""
        if self._process is not None:
            _terminate(self._process)
            if self._reader is not None:
                self._reader.join(timeout=5)
            _close_pipes(self._process)
            self._process = None
            self._pid_file.unlink(missing_ok=True)
            self._uri_file.unlink(missing_ok=True)
            self._owner_file.unlink(missing_ok=True)
            return True
        if self.running_detached() is None:
            return False
        pid = int(self._pid_file.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._pid_file.unlink(missing_ok=True)
        self._uri_file.unlink(missing_ok=True)
        return True

    def __enter__(self) -> LocalNeo4j:
        self.start(attached=True)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _terminate(process: subprocess.Popen[str]) -> None:
    """SIGTERM runs Neo4j's shutdown hook (a clean store); SIGKILL only if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _close_pipes(process: subprocess.Popen[str]) -> None:
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
