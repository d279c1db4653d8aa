// The accounts list: filters, three orders (each one of the API's lists: accounts by name,
// accountScores best fit first, portfolioRisk riskiest first), pages through the connection.

import { gql } from "./api.js";
import { errorBox, h, replace } from "./dom.js";
import { ACCOUNTS_BY_NAME, ACCOUNTS_BY_RISK, ACCOUNTS_BY_SCORE, SELLERS } from "./queries.js";

const PAGE = 20;
const STATUSES = ["TARGET", "PROSPECT", "CUSTOMER", "FORMER_CUSTOMER", "LOST"];
const FLAGS = ["NO_ENGAGED_CONTACT", "SINGLE_THREADED", "SINGLE_SELLER", "SINGLE_DEPARTMENT",
  "ECONOMIC_BUYER_UNKNOWN", "ECONOMIC_BUYER_UNENGAGED", "NO_CHAMPION", "CHAMPION_WITHOUT_ACCESS",
  "SINGLE_POINT_OF_FAILURE", "CONTACT_LEFT"];

// Which filters each order's query takes; the others are disabled while it is chosen.
const ORDERS = {
  name: { label: "Name", query: ACCOUNTS_BY_NAME, filters: ["search", "tier", "status", "owner"],
    where: (f) => ({ nameContains: f.search || null, tier: f.tier || null,
      status: f.status || null, ownerSellerId: f.owner || null }) },
  score: { label: "Score (best fit first)", query: ACCOUNTS_BY_SCORE,
    filters: ["tier", "status", "owner"],
    where: (f) => ({ tier: f.tier || null, statuses: f.status ? [f.status] : null,
      ownerSellerId: f.owner || null }) },
  risk: { label: "Risk (riskiest first; customers and open deals)", query: ACCOUNTS_BY_RISK,
    filters: ["flag", "owner"],
    where: (f) => ({ flag: f.flag || null, sellerId: f.owner || null }) },
};

function select(id, label, options, value) {
  return [h("label", { for: id, text: label }),
    h("select", { id, name: id }, h("option", { value: "", text: "any" }),
      options.map(([v, text]) => h("option", { value: v, text, selected: v === value })))];
}

export async function showAccounts({ params, main }) {
  const filters = Object.fromEntries(["search", "tier", "status", "owner", "flag", "order", "after"]
    .map((name) => [name, params.get(name) || ""]));
  if (filters.flag) filters.order = "risk";
  const order = ORDERS[filters.order] || ORDERS.name;
  const results = h("div", { id: "account-results", "aria-live": "polite" }, h("p", { text: "Loading..." }));
  let sellers = [];
  try {
    sellers = (await gql(SELLERS)).sellers.edges.map((edge) => edge.node);
  } catch {
    // A credential that may not list sellers still gets the list, without the owner filter.
  }
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const [name, value] of data) if (value) next.set(name, value);
    window.location.hash = `#/accounts?${next}`;
  } },
  h("label", { for: "search", text: "Name contains" }),
  h("input", { id: "search", name: "search", type: "search", value: filters.search }),
  h("label", { for: "tier", text: "Tier" }),
  h("input", { id: "tier", name: "tier", value: filters.tier, size: 6 }),
  select("status", "Status", STATUSES.map((s) => [s, s.toLowerCase().replace("_", " ")]), filters.status),
  select("owner", "Owner", sellers.map((s) => [s.id, s.name]), filters.owner),
  select("flag", "Risk flag", FLAGS.map((f) => [f, f.toLowerCase().replaceAll("_", " ")]), filters.flag),
  h("label", { for: "order", text: "Sort by" }),
  h("select", { id: "order", name: "order" }, Object.entries(ORDERS).map(([key, o]) =>
    h("option", { value: key, text: o.label, selected: o === order }))),
  h("button", { type: "submit", text: "Apply" }));
  for (const name of ["search", "tier", "status", "owner", "flag"]) {
    if (!order.filters.includes(name) && name !== "flag") {
      const control = form.querySelector(`#${name}`);
      control.disabled = true;
      control.title = `Not a filter of the ${order.label.toLowerCase()} list`;
    }
  }
  replace(main, h("h2", { text: "Accounts" }), form, results);
  try {
    const list = (await gql(order.query, { first: PAGE, after: filters.after || null,
      where: order.where(filters) })).list;
    replace(results, table(list), pager(list, params));
  } catch (error) {
    replace(results, errorBox(error));
  }
}

// A cell with its column's name, which a phone shows before the value (rows become cards).
function cell(label, text, className) {
  return h("td", { "data-label": label, class: className, text });
}

function table(list) {
  const rows = list.edges.map(({ node }) => node.account || node);
  return h("table", { class: "accounts" },
    h("caption", { text: `${list.totalCount} accounts` }),
    h("thead", {}, h("tr", {}, ["Account", "Status", "Tier", "Owner", "Score", "Committee",
      "Roles missing", "Risk", "Flags"].map((title) => h("th", { scope: "col", text: title })))),
    h("tbody", {}, rows.map((account) => h("tr", { dataset: { accountId: account.id } },
      h("th", { scope: "row" }, h("a", { href: `#/account/${encodeURIComponent(account.id)}`,
        text: account.name })),
      cell("Status", account.status.toLowerCase().replace("_", " ")),
      cell("Tier", account.tier || ""),
      cell("Owner", account.owner ? account.owner.name : ""),
      cell("Score", !account.score ? "" : account.score.modelVersion === 0 ? "no model"
        : account.score.score.toFixed(0)),
      cell("Committee", `${account.coverage.committeeMembers} of ${account.coverage.typicalCommitteeSize}`),
      cell("Roles missing", account.coverage.rolesMissing.map((r) => r.toLowerCase().replaceAll("_", " ")).join(", "), "small"),
      cell("Risk", account.risk ? String(account.risk.score) : ""),
      h("td", { "data-label": "Flags" }, (account.risk ? account.risk.flags : []).map((f) =>
        h("span", { class: "flag", dataset: { flag: f.flag }, text: f.flag.toLowerCase().replaceAll("_", " ") })))))));
}

function pager(list, params) {
  const links = [];
  if (params.get("after")) {
    const first = new URLSearchParams(params);
    first.delete("after");
    links.push(h("a", { href: `#/accounts?${first}`, text: "First page" }));
  }
  if (list.pageInfo.hasNextPage) {
    const next = new URLSearchParams(params);
    next.set("after", list.pageInfo.endCursor);
    links.push(h("a", { href: `#/accounts?${next}`, rel: "next", text: "Next page" }));
  }
  return h("nav", { class: "pager", "aria-label": "Pages" }, links);
}
