"""The /app page in headless Chromium against the demo data through the real API: what it shows is
what the API answers (people, roles, flags, the highlighted warm path, the map on another day),
a partner credential's view holds nothing beyond its sharing level, and nothing comes from
anywhere but this server. Screenshots of each step go to .artifacts/app/; load times are printed,
never asserted."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.web_app import CONTENT_SECURITY_POLICY, WebAppAssets
from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from graph.ingest.imports import load_bundle
from seeds.demo import load_demo
from seeds.demo_build import DEMO_TODAY
from seeds.generator import generate_bundle
from tests.api.app_browser import (
    Api,
    BrowserLog,
    highlighted,
    open_map,
    open_page,
    screenshot,
    table_people,
    timings,
    until,
    wait_for_map,
)
from tests.api.live_server import serve
from tests.api.test_graphiql_browser import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import new_workspace

TODAY = DEMO_TODAY.isoformat()

pytestmark = pytest.mark.skipif(
    not WebAppAssets().installed,
    reason="the page's npm libraries are not installed: `make install` runs npm ci in web/app",
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium here: `make test` installs Debian's chromium where apt-get may run",
)

PEOPLE = """query($id: ID!, $asOf: Date, $current: Boolean, $after: String) {
  account(id: $id, asOf: $asOf) { people(first: 200, after: $after, where: {current: $current}) {
    pageInfo { hasNextPage endCursor } edges { node { person { id name } roles { role } } } } } }"""
RISK = """query($id: ID!, $asOf: Date) { accountRisk(accountId: $id, asOf: $asOf) {
  flags { flag } } committeeCoverage(accountId: $id, asOf: $asOf) { rolesMissing } }"""
PATHS = """query($id: ID!, $asOf: Date, $viaPartners: Boolean!, $avoid: Boolean!) {
  warmestPaths(accountId: $id, asOf: $asOf, k: 3, maxHops: 4, viaPartners: $viaPartners,
    avoid: $avoid) { reason paths { warmth hops { from { id } to { id } } } } }"""


@pytest.fixture(scope="module")
async def demo_keys(graph: GraphClient) -> dict[str, str]:
    """A demo workspace of the module's own: an admin key and a key per demo partner."""
    workspace = new_workspace("app-demo")
    await load_demo(graph, workspace)
    keys = {"admin": (await create_api_key(graph, workspace, "app", Role.ADMIN)).secret}
    for partner in ("par-stratus", "par-meridian", "par-northgate"):
        key = await create_api_key(graph, workspace, partner, Role.PARTNER, partner)
        keys[partner] = key.secret
    return keys


@pytest.fixture(scope="module")
async def base(app: Starlette) -> AsyncIterator[str]:
    """The app on a loopback port for the module's browser tests."""
    async with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    """One headless Chromium for the module."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            await chromium.close()


async def api_people(api: Api, account: str, as_of: str | None, current: bool) -> dict[str, Any]:
    """Person id -> sorted roles, every page, as the API answers."""
    people: dict[str, Any] = {}
    after = None
    while True:
        variables = {"id": account, "asOf": as_of, "current": current, "after": after}
        connection = (await api(PEOPLE, variables))["account"]["people"]
        for edge in connection["edges"]:
            node = edge["node"]
            people[node["person"]["id"]] = sorted(r["role"] for r in node["roles"])
        if not connection["pageInfo"]["hasNextPage"]:
            return people
        after = connection["pageInfo"]["endCursor"]


def path_people(path: dict[str, Any]) -> set[str]:
    """Everyone on a path, as the API names them."""
    return {hop[end]["id"] for hop in path["hops"] for end in ("from", "to")}


async def test_the_page_and_its_assets_come_from_this_origin(http: httpx.AsyncClient) -> None:
    """/app names only same-origin, versioned assets under a CSP without inline scripts; each
    is served, a stale version is not."""
    page = await http.get("/app")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "http://" not in page.text
    assert "https://" not in page.text
    assert "<script>" not in page.text
    assets = [part.split('"')[0] for part in page.text.split('="/assets/')[1:]]
    assert {asset.rsplit("/", 1)[1] for asset in assets} == {
        "app.css",
        "cytoscape.js",
        "cytoscape-dagre.js",
        "main.js",
    }
    for asset in assets:
        response = await http.get(f"/assets/{asset}")
        assert response.status_code == 200, asset
    version = assets[0].split("/")[1]
    for imported in ("api.js", "chart.js", "partners.js", "roles.js"):
        assert (await http.get(f"/assets/app/{version}/{imported}")).status_code == 200
    assert (await http.get("/assets/app/0000/main.js")).status_code == 404
    for elsewhere in ("index.html", "package.json", "cytoscape.min.js", "elk.bundled.js"):
        assert (await http.get(f"/assets/app/{version}/{elsewhere}")).status_code == 404


@needs_chromium
async def test_story_accounts_show_what_the_api_answers(
    browser: Any, base: str, demo_keys: dict[str, str]
) -> None:
    """The list, then each story account of seeds/demo/STORIES.md: people and their roles, the
    risk flags, the missing roles and the highlighted warm path are the API's; toggling
    viaPartners and avoid redraws the path the API gives for them."""
    api = Api(base, demo_keys["admin"])
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys["admin"], log)
    await page.locator("table.accounts tbody tr").first.wait_for()
    listed = await page.locator("table.accounts tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.accountId)"
    )
    expected = await api("{ accounts(first: 20, sort: [{field: NAME}]) { edges { node { id } } } }")
    assert listed == [edge["node"]["id"] for edge in expected["accounts"]["edges"]]
    await screenshot(page, "01-accounts")

    await page.get_by_label("Name contains").fill("harbor")
    await page.get_by_role("button", name="Apply").click()
    await page.locator("table.accounts tbody tr").first.wait_for()
    await until(page, "document.querySelectorAll('table.accounts tbody tr').length == 1")
    await page.get_by_role("link", name="Harborview Logistics").click()
    await wait_for_map(page)

    for step, account in enumerate(
        ("acc-harborview", "acc-quarrypeak", "acc-cobaltridge", "acc-brightwater", "acc-ironleaf"),
        start=2,
    ):
        await open_map(page, account, TODAY)
        assert await table_people(page, "people-table") == await api_people(
            api, account, TODAY, True
        )
        assert await table_people(page, "left-table") == await api_people(
            api, account, TODAY, False
        )
        risk = await api(RISK, {"id": account, "asOf": TODAY})
        flags = await page.locator("#flags li").evaluate_all("l => l.map(i => i.dataset.flag)")
        assert flags == [flag["flag"] for flag in risk["accountRisk"]["flags"]]
        missing = await page.locator("#roles-missing span").evaluate_all(
            "l => l.map(i => i.dataset.role)"
        )
        assert missing == risk["committeeCoverage"]["rolesMissing"]
        await page.locator("#path-results ol, #path-reason").first.wait_for()
        paths = (
            await api(PATHS, {"id": account, "asOf": TODAY, "viaPartners": False, "avoid": False})
        )["warmestPaths"]
        best = path_people(paths["paths"][0]) if paths["paths"] else set()
        assert await highlighted(page) == best
        await screenshot(page, f"{step:02d}-{account}")

    # Cobalt Ridge: no path of our own; through Stratus's Lena with viaPartners.
    await open_map(page, "acc-cobaltridge", TODAY)
    assert await page.locator("#path-reason").get_attribute("data-reason") == (
        "NO_PATH_WITHIN_MAX_HOPS"
    )
    await page.get_by_label("Via partners").check()
    await page.get_by_role("button", name="Find warmest path").click()
    await page.locator("#path-list").wait_for()
    via = (
        await api(
            PATHS, {"id": "acc-cobaltridge", "asOf": TODAY, "viaPartners": True, "avoid": False}
        )
    )["warmestPaths"]
    assert await highlighted(page) == path_people(via["paths"][0])
    assert via["paths"]
    await screenshot(page, "07-cobaltridge-via-partners")
    for index, path in enumerate(via["paths"][1:], start=1):
        await page.get_by_role("button", name=f"Alternative {index}").click()
        assert await highlighted(page) == path_people(path)

    # Ironleaf: the path the API gives with `avoid` is the one drawn.
    await open_map(page, "acc-ironleaf", TODAY)
    await page.locator("#path-list").wait_for()
    answered = "document.getElementById('path-results').dataset.answered"
    before = await page.evaluate(answered)
    await page.get_by_label("Avoid blockers").check()
    await page.get_by_role("button", name="Find warmest path").click()
    avoided = (
        await api(PATHS, {"id": "acc-ironleaf", "asOf": TODAY, "viaPartners": False, "avoid": True})
    )["warmestPaths"]
    await until(page, f"{answered} !== '{before}'")
    assert avoided["paths"]
    assert await highlighted(page) == path_people(avoided["paths"][0])
    await screenshot(page, "08-ironleaf-avoid")
    # Each alternative the API gives can be drawn instead.
    for index, path in enumerate(avoided["paths"][1:], start=1):
        await page.get_by_role("button", name=f"Alternative {index}").click()
        assert await highlighted(page) == path_people(path)

    # What if Maya leaves Harborview: the risk API's before and after.
    await open_map(page, "acc-harborview", TODAY)
    await page.get_by_label("What if this person leaves?").select_option(
        "person:per-maya-lindqvist"
    )
    await page.get_by_role("button", name="Show the risk if they leave").click()
    what_if = await api(
        """query($id: ID!, $asOf: Date) { whatIfLeaves(accountId: $id,
        personId: "per-maya-lindqvist", asOf: $asOf) { before { score } after { score
        flags { flag } } } }""",
        {"id": "acc-harborview", "asOf": TODAY},
    )
    await page.locator("#what-if-result li").first.wait_for()
    after = what_if["whatIfLeaves"]
    assert await page.locator("#what-if-result li[data-flag]").evaluate_all(
        "l => l.map(i => i.dataset.flag)"
    ) == [flag["flag"] for flag in after["after"]["flags"]]
    text = await page.locator("#what-if-result p").inner_text()
    assert f"Risk {after['before']['score']} → {after['after']['score']}" in text
    await screenshot(page, "09-harborview-what-if-maya-leaves")
    await page.close()
    assert log.elsewhere == []
    assert log.errors == [], log.errors


@needs_chromium
async def test_a_departure_shows_its_knock_on(
    browser: Any, base: str, demo_keys: dict[str, str]
) -> None:
    """Quarry Peak's champion Priya left: her row among the people who left opens the risk API's
    knock-on, the deals and the openings (Lumen Bay) it answers."""
    api = Api(base, demo_keys["admin"])
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys["admin"], log)
    await open_map(page, "acc-quarrypeak", TODAY)
    await page.get_by_role("button", name="Knock-on of Priya Raman leaving").click()
    await page.locator("#knock-on h3").wait_for()
    expected = (
        await api(
            """query($asOf: Date) { departureKnockOn(personId: "per-priya-raman", asOf: $asOf) {
            deals { name } openings { account { id } } } }""",
            {"asOf": TODAY},
        )
    )["departureKnockOn"]
    deals = await page.locator("#knock-on-deals li").evaluate_all("l => l.map(i => i.dataset.deal)")
    openings = await page.locator("#knock-on-openings li").evaluate_all(
        "l => l.map(i => i.dataset.account)"
    )
    assert deals == [deal["name"] for deal in expected["deals"]]
    assert openings == [opening["account"]["id"] for opening in expected["openings"]]
    assert expected["deals"]
    assert expected["openings"]
    await screenshot(page, "09a-quarrypeak-priya-knock-on")
    await page.close()
    assert log.errors == [], log.errors


@needs_chromium
async def test_our_team_sees_who_each_side_knows_in_an_overlap(
    browser: Any, base: str, demo_keys: dict[str, str]
) -> None:
    """Our own credential picks a partner, opens a cell of the matrix and sees its accounts as
    the API lists them, with the people our sellers know at each, as the account map says."""
    api = Api(base, demo_keys["admin"])
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys["admin"], log)
    await page.get_by_role("link", name="Partners").click()
    await page.get_by_label("Partner").select_option("par-meridian")
    await page.get_by_role("button", name="Show").click()
    await page.locator("#matrix[data-partner='par-meridian']").wait_for()
    cell = {"ourStatus": "OPEN_OPPORTUNITY", "partnerStatus": "CUSTOMER"}
    await page.locator("#matrix td[data-ours='OPEN_OPPORTUNITY'][data-theirs='CUSTOMER'] a").click()
    await page.locator("#overlap-accounts").wait_for()
    overlap = (
        await api(
            """query($where: OverlapAccountWhere) { partnerOverlap(partnerId: "par-meridian",
            where: $where) { accounts { edges { node { accountId } } } } }""",
            {"where": cell},
        )
    )["partnerOverlap"]
    listed = await page.locator("#overlap-accounts tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.accountId)"
    )
    assert listed == [edge["node"]["accountId"] for edge in overlap["accounts"]["edges"]]
    for account in listed:
        people = (
            await api(
                """query($id: ID!) { account(id: $id) { people(first: 200) { edges { node {
                person { name } knownBy { kind } } } } } }""",
                {"id": account},
            )
        )["account"]["people"]["edges"]
        known = sorted(
            p["node"]["person"]["name"]
            for p in people
            if any(k["kind"] == "SELLER" for k in p["node"]["knownBy"])
        )
        shown = await page.locator(
            f"#overlap-accounts tr[data-account-id='{account}'] td.ours div"
        ).all_inner_texts()
        assert sorted(line.split(":")[0] for line in shown) == known
    await screenshot(page, "13a-partner-our-view-meridian-cell")
    await page.close()
    assert log.errors == [], log.errors


@needs_chromium
async def test_as_of_redraws_the_map_as_it_stood(
    browser: Any, base: str, demo_keys: dict[str, str]
) -> None:
    """Northwind on the demo's today and on 2025-06-30 (Ruth Abbott still there, her successor
    not yet): each time the people are the API's for that day, and the chart follows."""
    api = Api(base, demo_keys["admin"])
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys["admin"], log)
    await open_map(page, "acc-northwind", TODAY)
    today = await table_people(page, "people-table")
    assert today == await api_people(api, "acc-northwind", TODAY, True)
    await screenshot(page, "10-northwind-today")
    await page.get_by_label("Map as of").fill("2025-06-30")
    await page.evaluate("document.getElementById('main').removeAttribute('data-load-ms')")
    await page.get_by_role("button", name="Redraw").click()
    await wait_for_map(page)
    then = await table_people(page, "people-table")
    assert then == await api_people(api, "acc-northwind", "2025-06-30", True)
    assert then != today
    chart = set(await page.evaluate("window.__accountmap.cy.nodes('.person').map(n => n.id())"))
    assert chart == set(then)
    await screenshot(page, "11-northwind-2025-06-30")

    # The chart from the keyboard: focus selects the top, down a report (the API's), Enter the row.
    managers = (
        await api(
            """query($asOf: Date) { account(id: "acc-northwind", asOf: $asOf) {
            people(first: 200) { edges { node { person { id } manager { id } } } } } }""",
            {"asOf": "2025-06-30"},
        )
    )["account"]["people"]["edges"]
    manager_of = {
        e["node"]["person"]["id"]: (e["node"]["manager"] or {}).get("id") for e in managers
    }
    selected = "window.__accountmap.cy.nodes('.person:selected').map(n => n.id())"
    await page.locator("#chart").focus()
    [top] = await page.evaluate(selected)
    assert manager_of[top] is None
    await page.keyboard.press("ArrowDown")
    [report] = await page.evaluate(selected)
    assert manager_of[report] == top
    assert await page.locator("#chart-announce").inner_text() != ""
    await page.keyboard.press("Enter")
    focused = await page.evaluate("document.activeElement.closest('tr').dataset.personId")
    assert focused == report
    await page.close()
    assert log.errors == [], log.errors


@needs_chromium
@pytest.mark.parametrize("partner", ["par-stratus", "par-meridian", "par-northgate"])
async def test_a_partner_sees_nothing_beyond_its_sharing_level(
    browser: Any, base: str, demo_keys: dict[str, str], partner: str
) -> None:
    """With a partner key the page shows the partner's matrix and, where its level allows, the
    accounts of a cell and the people its contacts know; the DOM holds no seller, no other
    partner nor its contacts, no account outside what the API lets it list, no people below
    CONTACTS."""
    admin = Api(base, demo_keys["admin"])
    own = Api(base, demo_keys[partner])
    everything = await admin(
        """{ sellers(first: 100) { edges { node { name } } }
        partners(first: 100) { edges { node { id name } } }
        accounts(first: 100) { edges { node { id name } } } }"""
    )
    contacts = await admin(
        """{ people(first: 200) { edges { node { name employments { partner { id } } } } } }"""
    )
    visible = await own(
        """query($id: ID!) { partnerOverlap(partnerId: $id, first: 100) { sharingLevel
        matrix { ourStatus partnerStatus count }
        accounts { edges { node { name uncoveredPeople { name knownBy { contactName } } } } } } }""",
        {"id": partner},
    )
    overlap = visible["partnerOverlap"]
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys[partner], log)
    await page.locator("#matrix").wait_for()
    cells = await page.locator("#matrix td[data-count]").evaluate_all(
        "l => l.map(c => [c.dataset.ours, c.dataset.theirs, Number(c.dataset.count)])"
    )
    assert sorted(cells) == sorted(
        [c["ourStatus"], c["partnerStatus"], c["count"]] for c in overlap["matrix"]
    )
    await screenshot(page, f"12-partner-{partner}-matrix")
    biggest = max(overlap["matrix"], key=lambda c: c["count"])
    link = page.locator(
        f"#matrix td[data-ours='{biggest['ourStatus']}'][data-theirs='{biggest['partnerStatus']}'] a"
    )
    if overlap["accounts"] is not None:
        await link.click()
        await page.locator("#matrix td.selected").wait_for()
        await page.locator("#overlap-accounts").wait_for()
        await screenshot(page, f"13-partner-{partner}-cell")
    else:
        assert await link.count() == 0
        assert await page.locator("#no-accounts").count() == 1

    shown = await page.locator("body").inner_text()
    html = await page.content()
    allowed_accounts = {e["node"]["name"] for e in (overlap["accounts"] or {"edges": []})["edges"]}
    allowed_people = {
        name
        for e in (overlap["accounts"] or {"edges": []})["edges"]
        for person in e["node"]["uncoveredPeople"] or []
        for name in [person["name"], *(k["contactName"] for k in person["knownBy"])]
    }
    own_name = next(
        p["node"]["name"] for p in everything["partners"]["edges"] if p["node"]["id"] == partner
    )
    forbidden = {s["node"]["name"] for s in everything["sellers"]["edges"]}
    forbidden |= {
        p["node"]["name"] for p in everything["partners"]["edges"] if p["node"]["id"] != partner
    }
    forbidden |= {
        e["node"]["name"]
        for e in contacts["people"]["edges"]
        if any(
            job["partner"] and job["partner"]["id"] != partner for job in e["node"]["employments"]
        )
    }
    forbidden |= {e["node"]["name"] for e in everything["accounts"]["edges"]} - allowed_accounts
    if overlap["sharingLevel"] != "CONTACTS":
        assert allowed_people == set()
    assert own_name in shown
    for name in forbidden:
        assert name not in html, name
    people_shown = await page.locator("#overlap-accounts .uncovered div").all_inner_texts()
    for line in people_shown:
        assert line.split(":")[0].split(",")[0] in allowed_people
    await page.close()
    assert log.elsewhere == []
    assert log.errors == [], log.errors


@needs_chromium
async def test_phone_width_and_keyboard(browser: Any, base: str, demo_keys: dict[str, str]) -> None:
    """At 390 px nothing overflows the page sideways (tables scroll in their own box); the
    accounts list and a map open with the keyboard alone."""
    log = BrowserLog()
    page = await open_page(browser, base, demo_keys["admin"], log, width=390)
    await page.locator("table.accounts tbody tr").first.wait_for()
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert await page.evaluate(overflow) <= 0
    await screenshot(page, "14-phone-accounts")
    first = page.locator("table.accounts tbody tr th a").first
    await first.focus()
    await page.keyboard.press("Enter")
    await wait_for_map(page)
    assert await page.evaluate(overflow) <= 0
    await screenshot(page, "15-phone-map")
    await page.close()
    assert log.errors == [], log.errors


@needs_chromium
async def test_load_times_are_measured(
    browser: Any, base: str, demo_keys: dict[str, str], graph: GraphClient
) -> None:
    """Prints how long the largest demo account and a generated 300-person account take to load
    and draw in the browser (reported, not asserted); both maps hold every person the API
    lists."""
    api = Api(base, demo_keys["admin"])
    counts = await api(
        "{ accounts(first: 100) { edges { node { id people(first: 1) { totalCount } } } } }"
    )
    largest = max(counts["accounts"]["edges"], key=lambda e: e["node"]["people"]["totalCount"])[
        "node"
    ]
    workspace = new_workspace("app-300")
    bundle = generate_bundle(7, accounts=1, people=325, sellers=5, partners=1, relationships=975)
    await load_bundle(graph, workspace, bundle)
    big_key = (await create_api_key(graph, workspace, "app", Role.ADMIN)).secret
    big_account = bundle["accounts"][0]["id"]
    figures = []
    for key, account in ((demo_keys["admin"], largest["id"]), (big_key, big_account)):
        log = BrowserLog()
        page = await open_page(browser, base, key, log)
        await page.locator("table.accounts").wait_for()
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            await open_map(page, account)
            runs.append((await timings(page), round((time.perf_counter() - started) * 1000)))
            await page.evaluate("window.location.hash = '#/accounts'")
            await page.locator("table.accounts").wait_for()
        people = await api_people(Api(base, key), account, None, True)
        await open_map(page, account)
        assert len(await table_people(page, "people-table")) == len(people)
        await screenshot(page, f"16-load-{account}")
        figures.append((account, len(people), runs))
        await page.close()
        assert log.errors == []
    for account, count, runs in figures:
        print(
            f"\n/app load of {account} ({count} people): "
            + ", ".join(
                f"{measured['loadMs']} ms in the page (map answers in at {measured['fetchMs']}, "
                f"chart drawn at {measured['drawnMs']} (page {measured['domMs']}, chart "
                f"{measured['constructMs']}, layout {measured['layoutMs']}), paths in "
                f"at {measured['pathsMs']}; {wall_ms} ms as seen by the test)"
                for measured, wall_ms in runs
            )
        )


def test_without_its_libraries_the_page_says_how_to_install_them(tmp_path: Path) -> None:
    """An install without web/app/node_modules answers 503 with the command that fixes it,
    under the same CSP."""
    response = WebAppAssets(tmp_path).page()
    assert response.status_code == 503
    assert b"make install" in response.body
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
