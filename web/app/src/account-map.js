// One account's map: the org chart with the warm path drawn, committee coverage and risk flags
// beside it, the same people as a table (the chart's text alternative), the people who left
// apart, an asOf control that redraws the map as it stood then, and "what if X leaves".

import { allPages, gql } from "./api.js";
import { drawChart, drawPath, walkWithKeys } from "./chart.js";
import { errorBox, h, percent, replace, strength } from "./dom.js";
import { ACCOUNT, INSIGHT, KNOCK_ON, PEOPLE, SELLERS, WARMEST_PATHS, WHAT_IF } from "./queries.js";
import { STANDARD_ROLES, badgeClass, roleLabel, roleStyle } from "./roles.js";

const words = (value) => value.toLowerCase().replaceAll("_", " ");

function loadPeople(id, asOf, current) {
  return allPages(async (after) =>
    (await gql(PEOPLE, { id, asOf, current, after })).account.people);
}

export async function showAccountMap({ params, main }, accountId) {
  const started = performance.now();
  const asOf = params.get("asOf") || null;
  replace(main, h("p", { text: "Loading the map..." }));
  const pathDefaults = { accountId, role: "ECONOMIC_BUYER", k: 3, maxHops: 4, viaPartners: false,
    avoid: false, asOf };
  let pathsAnswered = null;
  const firstPaths = gql(WARMEST_PATHS, pathDefaults).then((data) => {
    pathsAnswered = performance.now();
    return data.warmestPaths;
  });
  firstPaths.catch(() => {});
  let account, people, left, insight;
  try {
    [account, people, left, insight] = await Promise.all([
      gql(ACCOUNT, { id: accountId, asOf }).then((data) => data.account),
      loadPeople(accountId, asOf, true),
      loadPeople(accountId, asOf, false),
      gql(INSIGHT, { id: accountId, asOf }),
    ]);
  } catch (error) {
    replace(main, h("p", {}, h("a", { href: "#/accounts", text: "Accounts" })), errorBox(error));
    return;
  }
  if (!account) {
    replace(main, h("p", { class: "error", text: `No account ${accountId} in this workspace.` }));
    return;
  }
  const fetched = performance.now();
  const day = account.asOf;
  const engaged = new Set(insight.accountRisk.engagedContacts.map((contact) => contact.id));
  const chart = h("div", { id: "chart", class: "chart", role: "application", tabindex: "0",
    "aria-roledescription": "org chart", "aria-describedby": "chart-help",
    "aria-label": `Org chart of ${people.nodes.length} people at ${account.name}` });
  const chartHelp = h("p", { id: "chart-help", class: "small", text: "Arrow keys walk the chart " +
    "(up: manager, down: reports, left and right: colleagues); Enter opens the person's row in " +
    "the table below, which lists the same people." });
  const announcer = h("p", { id: "chart-announce", class: "visually-hidden", "aria-live": "polite" });
  const pathPanel = h("section", { id: "paths", class: "panel", "aria-labelledby": "paths-title" });
  const whatIfPanel = h("section", { id: "what-if", class: "panel", "aria-labelledby": "what-if-title" });
  replace(main,
    header(account, day),
    h("div", { class: "map-layout" },
      h("div", { class: "chart-column" }, chart, chartHelp, announcer, legend()),
      h("aside", { class: "side", "aria-label": "Coverage, risk and paths" },
        coveragePanel(insight.committeeCoverage),
        flagsPanel(insight.accountRisk),
        pathPanel,
        whatIfPanel)),
    peopleTable(people.nodes, engaged, "people-table", "People on the map", true),
    peopleTable(left.nodes, new Set(), "left-table", "People who left", false, day),
    h("section", { id: "knock-on", class: "panel", "aria-live": "polite" }));
  const built = performance.now();
  const cy = drawChart(chart, people.nodes, engaged);
  const drawn = performance.now();
  window.__accountmap = { cy };
  const toRow = (id) => {
    const row = document.querySelector(`#people-table tr[data-person-id="${CSS.escape(id)}"]`);
    if (row) row.querySelector("button").focus();
  };
  walkWithKeys(cy, chart, people.nodes, (text) => { announcer.textContent = text; }, toRow);
  await pathsView(pathPanel, cy, account.id, day, people.nodes, firstPaths);
  whatIfView(whatIfPanel, account.id, day, people.nodes);
  const ms = Math.round(performance.now() - started);
  main.dataset.fetchMs = String(Math.round(fetched - started));
  main.dataset.layoutMs = String(cy.layoutMs);
  main.dataset.constructMs = String(cy.constructMs);
  main.dataset.domMs = String(Math.round(built - fetched));
  main.dataset.pathsMs = String(Math.round((pathsAnswered || started) - started));
  main.dataset.drawnMs = String(Math.round(drawn - started));
  main.dataset.loadMs = String(ms);
  main.dataset.people = String(people.nodes.length);
  document.dispatchEvent(new CustomEvent("accountmap:map-ready", { detail: { ms } }));
}

function header(account, day) {
  const input = h("input", { id: "as-of", type: "date", value: day, required: true });
  const form = h("form", { class: "as-of", onsubmit: (event) => {
    event.preventDefault();
    window.location.hash = `#/account/${encodeURIComponent(account.id)}?asOf=${input.value}`;
  } },
  h("label", { for: "as-of", text: "Map as of" }), input,
  h("button", { type: "submit", text: "Redraw" }));
  return h("section", { class: "account-head" },
    h("p", {}, h("a", { href: "#/accounts", text: "← Accounts" })),
    h("h2", { id: "account-name", text: account.name }),
    h("p", { class: "meta", text: [words(account.status), account.tier && `tier ${account.tier}`,
      account.industry, account.country, account.owner && `owner ${account.owner.name}`]
      .filter(Boolean).join(" · ") }),
    form);
}

function legend() {
  return h("details", { class: "legend" }, h("summary", { text: "Legend" }),
    h("ul", {}, STANDARD_ROLES.map((role) => h("li", {},
      h("span", { class: badgeClass(role), text: roleStyle(role).abbr }), ` ${roleLabel(role)}`)),
    h("li", { text: "Blue fill: engaged by our team. Yellow halo: on the warm path shown." })));
}

function coveragePanel(coverage) {
  return h("section", { id: "coverage", class: "panel" },
    h("h3", { text: "Buying committee" }),
    h("p", { text: `${coverage.committeeMembers} of a typical ${coverage.typicalCommitteeSize} ` +
      `(${percent(coverage.committeeShare)}); ${coverage.stakeholdersMapped} people mapped, ` +
      `${coverage.engagedContacts} engaged.` }),
    h("p", { text: `Economic buyer: ${coverage.economicBuyerMapped ? "mapped" : "not mapped"}, ` +
      `${coverage.economicBuyerEngaged ? "engaged" : "not engaged"}.` }),
    h("p", {}, "Covered: ", coverage.rolesCovered.map((role) =>
      h("span", { class: badgeClass(role), dataset: { role }, text: roleLabel(role) }))),
    h("p", { id: "roles-missing" }, "Missing: ",
      coverage.rolesMissing.map((role) => h("span", { class: "missing", dataset: { role }, text: roleLabel(role) }))));
}

function flagsPanel(risk) {
  return h("section", { id: "flags", class: "panel" },
    h("h3", { text: `Risk ${risk.score} of 100` }),
    risk.flags.length === 0 ? h("p", { text: "No risk flags." }) : h("ul", {}, risk.flags.map((flag) =>
      h("li", { class: "flag-item", dataset: { flag: flag.flag } },
        h("strong", { text: words(flag.flag) }), ` (weight ${flag.weight}): ${flag.detail}`,
        flag.people.length ? h("span", { class: "small", text: ` People: ${flag.people.map((p) => p.name).join(", ")}.` }) : null,
        flag.departures.map((d) => h("span", { class: "small", text: ` ${d.name} left on ${d.leftOn}` +
          (d.newOrganizationName ? `, now at ${d.newOrganizationName}` : "") + "." }))))));
}

function personCell(person) {
  return h("th", { scope: "row" }, h("button", { type: "button", class: "link", text: person.person.name,
    onclick: () => {
      const cy = window.__accountmap && window.__accountmap.cy;
      const node = cy && cy.getElementById(person.person.id);
      if (node && node.nonempty()) {
        cy.elements().unselect();
        node.select();
        cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 0.8) }, { duration: 200 });
        document.getElementById("chart").scrollIntoView({ block: "nearest" });
      }
    } }));
}

function peopleTable(people, engaged, id, title, current, day) {
  const known = (person, kind) => person.knownBy.filter((k) => k.kind === kind)
    .map((k) => `${k.name}${k.partnerName ? ` (${k.partnerName})` : ""} ${strength(k.strength)}`).join(", ");
  const names = new Map(people.map((p) => [p.person.id, p.person.name]));
  return h("section", { class: "people", "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title`, text: `${title} (${people.length})` }),
    h("div", { class: "scroll" }, h("table", { id },
      h("thead", {}, h("tr", {}, ["Name", "Title", "Department", current ? "Manager" : "Left on",
        "Buying roles", "Stance", "Engaged", "Known by our team", "Known by partners",
        current ? null : "Knock-on"].filter(Boolean).map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, people.map((person) => h("tr", {
        dataset: { personId: person.person.id, roles: person.roles.map((r) => r.role).join(" ") } },
      personCell(person),
      h("td", { text: person.title || "" }),
      h("td", { text: person.department || "" }),
      h("td", { text: current ? (person.manager ? names.get(person.manager.id) || "" : "")
        : person.endDate || "" }),
      h("td", {}, person.roles.map((held) => h("span", { class: badgeClass(held.role),
        title: held.opportunity ? `on ${held.opportunity.name}` : "account-wide",
        text: `${roleStyle(held.role).abbr} ${roleLabel(held.role)}` }))),
      h("td", { text: [...new Set(person.roles.map((held) => words(held.stance)))].join(", ") }),
      h("td", { class: "engaged", text: engaged.has(person.person.id) ? "yes" : "" }),
      h("td", { class: "known-sellers", text: known(person, "SELLER") }),
      h("td", { class: "known-partners", text: known(person, "PARTNER_CONTACT") }),
      current ? null : h("td", {}, h("button", { type: "button", text: "Knock-on",
        "aria-label": `Knock-on of ${person.person.name} leaving`,
        onclick: () => showKnockOn(person.person, day) }))))))));
}

// What a real departure did (departureKnockOn): the open deals at the account they left, whether
// each lost its only route to the economic buyer, and where they work now as a warm opening.
async function showKnockOn(person, day) {
  const panel = document.getElementById("knock-on");
  replace(panel, h("p", { text: "Computing..." }));
  try {
    const answer = (await gql(KNOCK_ON, { personId: person.id, asOf: day })).departureKnockOn;
    const route = (path) => (path ? strength(path.warmth) : "none");
    replace(panel, h("h3", { text: `Knock-on of ${person.name} leaving` }),
      answer.reason ? h("p", { dataset: { reason: answer.reason }, text: `No knock-on: ${words(answer.reason)}.` }) : null,
      h("ul", { id: "knock-on-deals" }, answer.deals.map((deal) => h("li", { dataset: { deal: deal.name } },
        h("strong", { text: deal.name }), ` (${deal.accountName}, ${deal.stage || "no stage"}): ` +
        `${deal.lostOnlyRoute ? "lost its only route to the economic buyer" : "still has a route"}; ` +
        `route with them ${route(deal.routeWithThem)}, without them ${route(deal.newRoute)}.`))),
      h("ul", { id: "knock-on-openings" }, answer.openings.map((opening) => h("li",
        { dataset: { account: opening.account ? opening.account.id : "" } },
        h("strong", { text: `Opening at ${opening.accountName}` }),
        ` (${opening.title || "no title"} since ${opening.startedOn || "?"}): ` +
        (opening.path ? `${strength(opening.path.warmth)} from ${opening.path.seller ? opening.path.seller.name : "our team"} → ` +
          opening.path.hops.map((hop) => hop.to.name).join(" → ") : `no path (${words(opening.reason || "none")})`)))));
    panel.scrollIntoView({ block: "nearest" });
  } catch (error) {
    replace(panel, errorBox(error));
  }
}

async function pathsView(panel, cy, accountId, day, people, firstPaths) {
  const custom = [...new Set(people.flatMap((p) => p.roles.map((r) => r.role)))]
    .filter((role) => !STANDARD_ROLES.includes(role));
  const role = h("select", { id: "path-role", name: "role" },
    [...STANDARD_ROLES, ...custom].map((r) => h("option", { value: r, text: roleLabel(r),
      selected: r === "ECONOMIC_BUYER" })));
  const number = (id, value, min, max) => h("input", { id, type: "number", value, min, max, required: true });
  const k = number("path-k", 3, 1, 10);
  const maxHops = number("path-max-hops", 4, 1, 6);
  const via = h("input", { id: "path-via-partners", type: "checkbox" });
  const avoid = h("input", { id: "path-avoid", type: "checkbox" });
  const asOf = h("input", { id: "path-as-of", type: "date", value: day, required: true });
  const results = h("div", { id: "path-results", "aria-live": "polite" });
  const run = async (first) => {
    replace(results, h("p", { text: "Finding paths..." }));
    try {
      const answer = first ? await first : (await gql(WARMEST_PATHS, { accountId, role: role.value,
        k: Number(k.value), maxHops: Number(maxHops.value), viaPartners: via.checked,
        avoid: avoid.checked, asOf: asOf.value })).warmestPaths;
      showPaths(results, cy, answer);
    } catch (error) {
      drawPath(cy, null);
      replace(results, errorBox(error));
    }
    results.dataset.answered = String(Number(results.dataset.answered || 0) + 1);
  };
  const form = h("form", { class: "path-form", onsubmit: (event) => { event.preventDefault(); run(null); } },
    h("label", { for: "path-role", text: "Role to reach" }), role,
    h("label", { for: "path-k", text: "Alternatives (k)" }), k,
    h("label", { for: "path-max-hops", text: "Max hops" }), maxHops,
    h("label", { for: "path-as-of", text: "As of" }), asOf,
    h("span", { class: "check" }, via, h("label", { for: "path-via-partners", text: "Via partners" })),
    h("span", { class: "check" }, avoid, h("label", { for: "path-avoid", text: "Avoid blockers" })),
    h("button", { type: "submit", text: "Find warmest path" }));
  replace(panel, h("h3", { id: "paths-title", text: "Warm path" }), form, results);
  await run(firstPaths);
}

function describeHop(hop) {
  return `${hop.to.name || "(hidden)"} (${words(hop.relationship)} ${strength(hop.strength)})`;
}

function showPaths(results, cy, answer) {
  if (answer.paths.length === 0) {
    drawPath(cy, null);
    replace(results, h("p", { id: "path-reason", dataset: { reason: answer.reason || "" },
      text: `No path: ${words(answer.reason || "none")}.` }));
    return;
  }
  const items = answer.paths.map((path, index) => {
    const start = path.hops.length ? path.hops[0].from.name : "our team";
    const button = h("button", { type: "button", class: "link", text: index === 0 ? "Best" : `Alternative ${index}`,
      "aria-pressed": index === 0 ? "true" : "false", onclick: () => {
        drawPath(cy, path);
        list.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        list.querySelectorAll("li").forEach((li, i) => li.classList.toggle("shown", i === index));
      } });
    return h("li", { class: index === 0 ? "shown" : "", dataset: { warmth: String(path.warmth) } }, button,
      path.hidden ? ` warmth ${strength(path.warmth)}, ${path.hopCount} hops (who is on it is not shared)`
        : ` ${strength(path.warmth)}: ${start} → ${path.hops.map(describeHop).join(" → ")}`,
      path.viaPartnerIds.length ? h("span", { class: "small", text: ` via ${path.viaPartnerIds.join(", ")}` }) : null);
  });
  const list = h("ol", { id: "path-list" }, items);
  replace(results, list);
  drawPath(cy, answer.paths[0]);
}

function whatIfView(panel, accountId, day, people) {
  const choice = h("select", { id: "what-if-person" },
    h("optgroup", { label: "Their side" }, people.map((p) =>
      h("option", { value: `person:${p.person.id}`, text: p.person.name }))),
    h("optgroup", { label: "Our team", id: "what-if-sellers" }));
  gql(SELLERS).then((data) => data.sellers.edges.forEach(({ node }) =>
    choice.querySelector("#what-if-sellers").append(h("option", { value: `seller:${node.id}`, text: node.name }))))
    .catch(() => {});
  const result = h("div", { id: "what-if-result", "aria-live": "polite" });
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const [kind, id] = choice.value.split(/:(.*)/s);
    replace(result, h("p", { text: "Computing..." }));
    try {
      const answer = (await gql(WHAT_IF, { accountId, asOf: day,
        personId: kind === "person" ? id : null, sellerId: kind === "seller" ? id : null })).whatIfLeaves;
      const before = new Set(answer.before.flags.map((f) => f.flag));
      replace(result,
        h("p", { text: `Risk ${answer.before.score} → ${answer.after.score} ` +
          `(${answer.scoreChange >= 0 ? "+" : ""}${answer.scoreChange}).` }),
        h("ul", {}, answer.after.flags.map((flag) => h("li", { dataset: { flag: flag.flag } },
          h("strong", { text: `${before.has(flag.flag) ? "" : "new: "}${words(flag.flag)}` }),
          `: ${flag.detail}`)),
        answer.before.flags.filter((f) => !answer.after.flags.some((a) => a.flag === f.flag))
          .map((f) => h("li", { text: `cleared: ${words(f.flag)}` }))));
    } catch (error) {
      replace(result, errorBox(error));
    }
  } },
  h("label", { for: "what-if-person", text: "What if this person leaves?" }), choice,
  h("button", { type: "submit", text: "Show the risk if they leave" }));
  replace(panel, h("h3", { id: "what-if-title", text: "What if they leave" }), form, result);
}
