"""GraphiQL served by the API itself, from files installed from the npm registry.

``make install`` runs ``npm ci`` in ``web/graphiql`` (versions pinned by its lockfile); the app
serves the few files the page needs under a versioned path, and the page's Content-Security-Policy
lets the browser load nothing from anywhere else: GraphiQL works offline and behind firewalls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

PAGE_DIR = Path(__file__).resolve().parent / "graphiql"
"""Where the page's own files live (init.js, page.css); the npm packages are installed apart,
in web/graphiql (``Settings.graphiql_modules``)."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Everything from this origin only. Inline styles: GraphiQL's editors set style attributes."""


@dataclass(frozen=True)
class IdeAssets:
    """The files the page loads, found in an npm install of ``web/graphiql/package.json``."""

    modules: Path

    @property
    def version(self) -> str:
        """GraphiQL's installed version: part of every asset URL, so caches never mix versions."""
        manifest = self.modules / "graphiql" / "package.json"
        version: str = json.loads(manifest.read_text())["version"]
        return version

    @property
    def installed(self) -> bool:
        """True when every file the page needs is present."""
        return all(path.is_file() for path in self.files().values())

    def files(self) -> dict[str, Path]:
        """URL name -> file, the only files served under the asset path."""
        return {
            "react.js": self.modules / "react" / "umd" / "react.production.min.js",
            "react-dom.js": self.modules / "react-dom" / "umd" / "react-dom.production.min.js",
            "graphiql.js": self.modules / "graphiql" / "graphiql.min.js",
            "graphiql.css": self.modules / "graphiql" / "graphiql.min.css",
            "init.js": PAGE_DIR / "init.js",
            "page.css": PAGE_DIR / "page.css",
        }

    def page(self) -> Response:
        """The GraphiQL page, or a page that says how to install it."""
        if not self.installed:
            return HTMLResponse(
                _MISSING.format(modules=self.modules),
                status_code=503,
                headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
            )
        base = f"/assets/graphiql/{self.version}"
        return HTMLResponse(
            _PAGE.format(base=base), headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}
        )

    def route(self) -> Route:
        """``GET /assets/graphiql/{version}/{name}``: the page's files, cached for a year."""

        async def asset(request: Request) -> Response:
            files = self.files()
            name = request.path_params["name"]
            if request.path_params["version"] != self.version or name not in files:
                return PlainTextResponse("Not found", status_code=404)
            return FileResponse(
                files[name], headers={"Cache-Control": "public, max-age=31536000, immutable"}
            )

        return Route("/assets/graphiql/{version}/{name}", asset)


_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>accountmap GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{base}/graphiql.css">
  <link rel="stylesheet" href="{base}/page.css">
</head>
<body>
  <div id="graphiql"><p>Loading GraphiQL...</p></div>
  <script src="{base}/react.js"></script>
  <script src="{base}/react-dom.js"></script>
  <script src="{base}/graphiql.js"></script>
  <script src="{base}/init.js"></script>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body><h1>GraphiQL is not installed</h1>
<p>Its files are installed from the npm registry by <code>make install</code> (which runs
<code>npm ci</code> in <code>web/graphiql</code>; Node.js is needed once). Looked in
<code>{modules}</code>. The GraphQL endpoint works without it: POST to <code>/graphql</code>.</p>
</body></html>
"""
