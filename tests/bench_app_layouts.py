"""By hand, not a test: how fast each candidate tree layout of the /app org chart runs in headless
Chromium on a 300-person reporting tree, and how big a chart it makes.

    .venv/bin/python -m tests.bench_app_layouts [PEOPLE] [ROUNDS]

The tree is the one account of ``generate_bundle(7, accounts=1, people=PEOPLE)`` (default 325
people: about 300 employed there, the rest partner contacts and leavers), drawn as the page
draws it (220 x 78 px nodes, reporting lines as edges). Each layout runs ROUNDS times (default 5)
on a fresh Cytoscape.js instance; the median and the slowest run are printed with the laid-out
chart's width and height. Needs ``npm ci --prefix web/app`` (cytoscape-elk is a dev dependency
for this script) and Debian's chromium. No Neo4j.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from seeds.generator import generate_bundle

MODULES = Path(__file__).resolve().parent.parent / "web" / "app" / "node_modules"
SCRIPTS = [
    MODULES / "cytoscape" / "dist" / "cytoscape.min.js",
    MODULES / "cytoscape-dagre" / "dist" / "cytoscape-dagre.min.js",
    MODULES / "elkjs" / "lib" / "elk.bundled.js",
    MODULES / "cytoscape-elk" / "dist" / "cytoscape-elk.js",
]
LAYOUTS: dict[str, dict[str, Any]] = {
    "dagre (cytoscape-dagre)": {"name": "dagre", "rankDir": "TB", "nodeSep": 20, "rankSep": 50},
    "ELK layered (cytoscape-elk)": {
        "name": "elk",
        "elk": {"algorithm": "layered", "elk.direction": "DOWN"},
    },
    "ELK mrtree (cytoscape-elk)": {"name": "elk", "elk": {"algorithm": "mrtree"}},
    "breadthfirst (built in)": {"name": "breadthfirst", "directed": True, "spacingFactor": 1},
}

_MEASURE = """async ([elements, options, rounds]) => {
  cytoscape.use(cytoscapeDagre);
  cytoscape.use(cytoscapeElk);
  const container = document.getElementById("chart");
  const times = [];
  let box = null;
  for (let i = 0; i < rounds; i++) {
    const cy = cytoscape({ container, elements, headless: false, style: [{ selector: "node",
      style: { width: 220, height: 78, shape: "round-rectangle" } }] });
    const roots = cy.nodes().roots();
    const started = performance.now();
    await new Promise((done) => {
      const layout = cy.layout({ ...options, animate: false, roots });
      layout.one("layoutstop", done);
      layout.run();
    });
    times.push(performance.now() - started);
    box = cy.elements().boundingBox();
    cy.destroy();
  }
  return { times, width: box.w, height: box.h };
}"""


def tree_elements(people: int) -> list[dict[str, Any]]:
    """Cytoscape elements of the generated account's reporting tree (current staff)."""
    bundle = generate_bundle(7, accounts=1, people=people, sellers=5, partners=1, relationships=0)
    account = bundle["accounts"][0]["id"]
    staff = {
        e["personId"]
        for e in bundle["employments"]
        if e["organizationId"] == account and not e.get("endDate")
    }
    nodes = [{"group": "nodes", "data": {"id": person}} for person in sorted(staff)]
    edges = [
        {"group": "edges", "data": {"source": line["managerId"], "target": line["personId"]}}
        for line in bundle["reportingLines"]
        if line["personId"] in staff and line["managerId"] in staff and not line.get("toDate")
    ]
    return nodes + edges


async def measure(people: int, rounds: int) -> None:
    """Print each layout's median and slowest run on the tree."""
    from playwright.async_api import async_playwright

    from tests.api.test_graphiql_browser import CHROMIUM_FLAGS

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs Debian's chromium (make browser)")
    elements = tree_elements(people)
    nodes = sum(1 for e in elements if e["group"] == "nodes")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.set_content('<div id="chart" style="width:1200px;height:800px"></div>')
        for script in SCRIPTS:
            await page.add_script_tag(path=str(script))
        print(f"{nodes} people, {len(elements) - nodes} reporting lines, {rounds} rounds each")
        for name, options in LAYOUTS.items():
            result = await page.evaluate(_MEASURE, [elements, options, rounds])
            times = result["times"]
            print(
                f"  {name:30} median {statistics.median(times):7.1f} ms, slowest "
                f"{max(times):7.1f} ms; chart {result['width']:.0f} x {result['height']:.0f} px"
            )
        await browser.close()


if __name__ == "__main__":
    asyncio.run(
        measure(
            int(sys.argv[1]) if len(sys.argv) > 1 else 325,
            int(sys.argv[2]) if len(sys.argv) > 2 else 5,
        )
    )
