"""The account map page at ``/app``: a reference client of the GraphQL API, served by the API.

The page's own files are plain ES modules in ``web/app/src``; the drawing libraries (Cytoscape.js
and its dagre tree layout) come from the npm registry, installed by ``make install`` with
``npm ci`` in ``web/app`` (versions pinned by its lockfile). Every file is served from this origin
under a path naming a digest of their contents, and the page's Content-Security-Policy lets the
browser run no inline script and load nothing from anywhere else. The page holds no state on the
server: the credential stays in the browser's session storage and travels with each request to
``/graphql``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

APP_DIR = Path(__file__).resolve().parent.parent / "web" / "app"
"""``web/app``: the page's sources in ``src/`` and, after ``make install``, ``node_modules/``."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Everything from this origin only, no inline script nor style element (Cytoscape.js styles its
canvas through the DOM, which a policy does not restrict)."""

_LIBRARIES = {
    "cytoscape.js": ("cytoscape", "dist", "cytoscape.min.js"),
    "cytoscape-dagre.js": ("cytoscape-dagre", "dist", "cytoscape-dagre.min.js"),
}
"""URL name -> file in node_modules: the libraries the page loads as classic scripts."""

_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class WebAppAssets:
    """The files of the page: its sources and the npm libraries it draws with."""

    root: Path = APP_DIR

    @property
    def modules(self) -> Path:
        """Where ``npm ci`` put the libraries."""
        return self.root / "node_modules"

    @property
    def installed(self) -> bool:
        """True when every library file is present."""
        return all(path.is_file() for path in self.files().values())

    def files(self) -> dict[str, Path]:
        """URL name -> file, the only files served under the asset path."""
        source_dir = self.root / "src"
        sources = {
            path.name: path
            for path in sorted(source_dir.iterdir() if source_dir.is_dir() else [])
            if path.suffix in _MEDIA_TYPES
        }
        libraries = {name: self.modules.joinpath(*parts) for name, parts in _LIBRARIES.items()}
        return sources | libraries

    @cached_property
    def version(self) -> str:
        """A digest of every served file, computed once per process (the same in every worker):
        part of every asset URL, so a browser never mixes files of two installs and may cache
        them for a year."""
        digest = hashlib.sha256()
        for name, path in sorted(self.files().items()):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()[:16]

    def page(self) -> Response:
        """The page, or one that says how to install its libraries."""
        headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"}
        if not self.installed:
            return HTMLResponse(
                _MISSING.format(modules=self.modules), status_code=503, headers=headers
            )
        template = (self.root / "src" / "index.html").read_text()
        return HTMLResponse(
            template.replace("%BASE%", f"/assets/app/{self.version}"), headers=headers
        )

    def routes(self) -> list[Route]:
        """``GET /app`` (the page) and ``GET /assets/app/{version}/{name}`` (its files)."""

        async def page(_request: Request) -> Response:
            return self.page()

        async def asset(request: Request) -> Response:
            files = self.files()
            name = request.path_params["name"]
            if request.path_params["version"] != self.version or name not in files:
                return PlainTextResponse("Not found", status_code=404)
            path = files[name]
            return FileResponse(
                path,
                media_type=_MEDIA_TYPES[path.suffix],
                headers={"Cache-Control": "public, max-age=31536000, immutable"},
            )

        return [Route("/app", page), Route("/assets/app/{version}/{name}", asset)]


_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The account map page is not installed</title>
</head><body><h1>The account map page is not installed</h1>
<p>Its drawing libraries are installed from the npm registry by <code>make install</code> (which
runs <code>npm ci</code> in <code>web/app</code>; Node.js is needed once). Looked in
<code>{modules}</code>. The GraphQL endpoint works without it: POST to <code>/graphql</code>.</p>
</body></html>
"""
