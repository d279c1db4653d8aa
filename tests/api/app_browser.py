"""Helpers of the /app browser tests: the server on a loopback port, a Chromium page signed in
with a credential, and the API's own answers to compare the page with."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Browser, Page
from playwright.async_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / ".artifacts" / "app"


class Api:
    """GraphQL over real HTTP with one credential: the reference the page is compared with."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key

    async def __call__(self, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as client:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": dict(variables or {})},
                headers={"Authorization": f"Bearer {self.key}"},
            )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@dataclass
class BrowserLog:
    """What a page asked of other hosts and what went wrong in it (CSP refusals included)."""

    elsewhere: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def open_page(
    browser: Browser, base: str, key: str, log: BrowserLog, *, width: int = 1280
) -> Page:
    """A fresh page at ``/app``, signed in by pasting ``key`` into the form."""
    page = await browser.new_page(viewport={"width": width, "height": 900})
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((base, "data:")) else log.elsewhere.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            log.errors.append(f"{message.text} at {message.location}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    await page.goto(f"{base}/app")
    try:
        await page.get_by_label("API key or JWT").fill(key, timeout=10_000)
    except PlaywrightError as error:
        raise AssertionError(f"no sign-in form; the page logged {log.errors}") from error
    await page.get_by_role("button", name="Open").click()
    await page.locator("#viewer").wait_for()
    return page


async def open_map(page: Page, account_id: str, as_of: str | None = None) -> int:
    """Open an account's map through the URL and wait until it is drawn; the page's own
    measure of the load, in milliseconds."""
    suffix = f"?asOf={as_of}" if as_of else ""
    await page.evaluate("document.getElementById('main').removeAttribute('data-load-ms')")
    await page.evaluate(f"window.location.hash = '#/account/{account_id}{suffix}'")
    return await wait_for_map(page)


async def wait_for_map(page: Page) -> int:
    """Wait for the map being drawn; returns the page's measure of its load (ms)."""
    await page.locator("main[data-load-ms]").wait_for(timeout=30_000)
    return int(await page.locator("main").get_attribute("data-load-ms") or "0")


async def timings(page: Page) -> dict[str, int]:
    """The page's own measures of the last map, in ms from the start: fetchMs (the map's
    answers in), drawnMs (chart laid out), pathsMs (the first warm paths in), loadMs (all
    shown); and layoutMs, the layout alone."""
    values: dict[str, str] = await page.evaluate(
        "(({fetchMs, domMs, constructMs, drawnMs, pathsMs, layoutMs, loadMs}) => "
        "({fetchMs, domMs, constructMs, drawnMs, pathsMs, layoutMs, loadMs}))"
        "(document.getElementById('main').dataset)"
    )
    return {name: int(value) for name, value in values.items()}


async def screenshot(page: Page, name: str) -> None:
    """A screenshot for review under .artifacts/app/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


async def table_people(page: Page, table_id: str) -> dict[str, list[str]]:
    """Person id -> buying roles, as the page's people table lists them."""
    rows = await page.locator(f"#{table_id} tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.personId, r.dataset.roles])"
    )
    return {person: sorted(roles.split()) for person, roles in rows}


async def highlighted(page: Page) -> set[str]:
    """Ids of the chart's nodes drawn on the warm path."""
    ids: list[str] = await page.evaluate(
        "window.__accountmap.cy.nodes('.on-path').map(n => n.id())"
    )
    return set(ids)


async def until(page: Page, expression: str, timeout_s: float = 15) -> None:
    """Poll ``expression`` in the page until it is true (``wait_for_function`` would need
    'unsafe-eval', which the page's CSP rightly refuses)."""
    for _ in range(int(timeout_s / 0.05)):
        if await page.evaluate(expression):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never true: {expression}")
