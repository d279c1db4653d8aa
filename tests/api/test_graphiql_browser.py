"""GraphiQL works in a real browser with nothing but this server: no CDN, no request elsewhere."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.ide import CONTENT_SECURITY_POLICY
from tests.api.live_server import serve

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: without them Chromium keeps trying to reach Google's hosts.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def served(app: Starlette) -> AsyncIterator[str]:
    """The app on a real loopback port; its lifespan already runs."""
    async with serve(app) as url:
        yield url


async def test_the_page_and_its_assets_come_from_this_origin(http: httpx.AsyncClient) -> None:
    """The page names only same-origin, versioned assets, under a strict CSP; each is served."""
    page = await http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "http://" not in page.text
    assert "https://" not in page.text
    assets = [part.split('"')[0] for part in page.text.split('="/assets/')[1:]]
    assert len(assets) == 6
    for asset in assets:
        response = await http.get(f"/assets/{asset}")
        assert response.status_code == 200, asset
    assert (await http.get("/assets/graphiql/0.0.0/graphiql.js")).status_code == 404


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium here: `make test` installs Debian's chromium where apt-get may run",
)
async def test_a_query_runs_from_graphiql_in_headless_chromium(
    served: str, admin_key: str, workspace: str
) -> None:
    """Headless Chromium opens /graphql, the key goes into the Headers tab, a query runs and its
    result shows; the browser asked nothing of any other host and the CSP refused nothing."""
    from playwright.async_api import async_playwright

    elsewhere: list[str] = []
    console_errors: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.on(
                "request",
                lambda request: (
                    None
                    if request.url.startswith((served, "data:"))
                    else elsewhere.append(request.url)
                ),
            )
            page.on(
                "console",
                lambda message: (
                    console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            await page.goto(f"{served}/graphql")
            await page.wait_for_selector(".graphiql-query-editor .CodeMirror")

            await page.get_by_role("button", name="Headers").click()
            headers = page.locator(
                ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
            )
            await headers.click()
            await page.keyboard.press("Control+A")
            await page.keyboard.insert_text(f'{{"Authorization": "Bearer {admin_key}"}}')

            await page.locator(".graphiql-query-editor .CodeMirror").click()
            await page.keyboard.press("Control+A")
            await page.keyboard.insert_text("query Viewer { viewer { workspace role } }")
            await page.locator(".graphiql-execute-button").click()

            result = page.locator(".result-window")
            await result.get_by_text(workspace).wait_for()
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "graphiql.png"))
            assert '"role": "ADMIN"' in (await result.inner_text()).replace("\u00a0", " ")
        finally:
            await browser.close()
    assert elsewhere == []
    # The schema fetch before the key is in the headers answers 401; nothing else may fail, and
    # the Content-Security-Policy must not have refused anything the page needs.
    assert [e for e in console_errors if "401" not in e] == []
