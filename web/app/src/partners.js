// The partner view: the overlap matrix (our status by the partner's), cells clickable to their
// accounts, and for each account who each side knows there. Everything shown is what the API
// answers for this credential: a partner credential gets its own partner only, at its sharing
// level (counts, accounts, contacts), and the page asks nothing a partner may not see.

import { gql } from "./api.js";
import { errorBox, h, replace, strength } from "./dom.js";
import { OVERLAP, PARTNERS, weKnowQuery } from "./queries.js";

const OURS = ["CUSTOMER", "OPEN_OPPORTUNITY", "PROSPECT_TARGET"];
const THEIRS = ["CUSTOMER", "OPPORTUNITY", "PROSPECT"];
const WE_KNOW_PER_REQUEST = 4;
const words = (value) => value.toLowerCase().replaceAll("_", " ");

export async function showPartners({ viewer, params, main }, partnerId) {
  const ownTeam = viewer.role !== "PARTNER";
  replace(main, h("h2", { text: "Partner overlap" }), h("p", { text: "Loading..." }));
  let partners = [];
  try {
    partners = (await gql(PARTNERS)).partners.edges.map((edge) => edge.node);
  } catch (error) {
    replace(main, h("h2", { text: "Partner overlap" }), errorBox(error));
    return;
  }
  const chosen = partnerId || (partners[0] && partners[0].id);
  const picker = ownTeam ? h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    window.location.hash = `#/partners/${encodeURIComponent(select.value)}`;
  } },
  h("label", { for: "partner", text: "Partner" }),
  select = h("select", { id: "partner" }, partners.map((p) => h("option", { value: p.id,
    text: `${p.name} (shares ${words(p.sharingLevel)})`, selected: p.id === chosen }))),
  h("button", { type: "submit", text: "Show" })) : null;
  const body = h("div", { id: "overlap" });
  replace(main, h("h2", { text: "Partner overlap" }), picker, body);
  if (!chosen) return replace(body, h("p", { text: "No partners in this workspace." }));
  const cell = { ourStatus: params.get("ours") || null, partnerStatus: params.get("theirs") || null };
  const where = cell.ourStatus || cell.partnerStatus ? cell : null;
  try {
    const overlap = (await gql(OVERLAP, { partnerId: chosen, where, after: params.get("after") || null })).partnerOverlap;
    replace(body, matrix(overlap, chosen, cell), await accounts(overlap, chosen, cell, params, ownTeam));
  } catch (error) {
    replace(body, errorBox(error));
  }
}
let select = null;

function cellLink(partnerId, ours, theirs) {
  const query = new URLSearchParams();
  if (ours) query.set("ours", ours);
  if (theirs) query.set("theirs", theirs);
  return `#/partners/${encodeURIComponent(partnerId)}?${query}`;
}

function matrix(overlap, partnerId, cell) {
  const count = (ours, theirs) => overlap.matrix.find((c) => c.ourStatus === ours && c.partnerStatus === theirs).count;
  const clickable = overlap.disclosure !== "COUNTS";
  return h("section", { class: "panel" },
    h("h3", { id: "overlap-title", text: `${overlap.partnerName}: ${overlap.totalCount} accounts in common` }),
    h("p", { class: "small", text: `Sharing level ${words(overlap.sharingLevel)}; this credential sees ${words(overlap.disclosure)}.` }),
    h("table", { id: "matrix", class: "matrix", dataset: { partner: partnerId } },
      h("caption", { text: "Our status (rows) by the partner's status (columns)" }),
      h("thead", {}, h("tr", {}, h("td", {}), THEIRS.map((t) => h("th", { scope: "col", text: words(t) })))),
      h("tbody", {}, OURS.map((ours) => h("tr", {}, h("th", { scope: "row", text: words(ours) }),
        THEIRS.map((theirs) => {
          const n = count(ours, theirs);
          const selected = cell.ourStatus === ours && cell.partnerStatus === theirs;
          return h("td", { dataset: { ours, theirs, count: String(n) }, class: selected ? "selected" : "" },
            clickable && n > 0 ? h("a", { href: cellLink(partnerId, ours, theirs),
              "aria-label": `${n} accounts: ours ${words(ours)}, theirs ${words(theirs)}`, text: String(n) })
              : String(n));
        }))))));
}

async function accounts(overlap, partnerId, cell, params, ownTeam) {
  if (!overlap.accounts) {
    return h("p", { id: "no-accounts", text: "This sharing level shows counts only." });
  }
  const nodes = overlap.accounts.edges.map((edge) => edge.node);
  let weKnow = new Map();
  if (ownTeam && nodes.length) {
    // A few accounts per request: 200 people each is about 4,000 points of the API's query
    // cost (docs/LIMITS.md), so four stay well within the default limit of 20,000.
    const chunks = [];
    for (let start = 0; start < nodes.length; start += WE_KNOW_PER_REQUEST) {
      chunks.push(nodes.slice(start, start + WE_KNOW_PER_REQUEST));
    }
    const answers = await Promise.all(chunks.map((chunk) => gql(weKnowQuery(chunk.length),
      Object.fromEntries(chunk.map((n, i) => [`a${i}`, n.accountId])))));
    weKnow = new Map(answers.flatMap((data) => Object.values(data)).filter(Boolean)
      .map((account) => [account.id,
        account.people.edges.map((e) => e.node).filter((p) => p.knownBy.length)]));
  }
  const title = cell.ourStatus ? `Accounts: ours ${words(cell.ourStatus)}, theirs ${words(cell.partnerStatus)}`
    : "All accounts in common";
  const next = overlap.accounts.pageInfo.hasNextPage ? (() => {
    const query = new URLSearchParams(params);
    query.set("after", overlap.accounts.pageInfo.endCursor);
    return h("a", { href: `#/partners/${encodeURIComponent(partnerId)}?${query}`, text: "Next page" });
  })() : null;
  const columns = ["Account", "Ours", "Theirs", "People only their contacts know",
    ...(ownTeam ? ["Who our team knows", "Who their contacts know"] : [])];
  const knownBy = (account, keep) => (weKnow.get(account.accountId) || []).map((p) => {
    const names = p.knownBy.filter(keep).map((k) => k.name);
    return names.length ? h("div", { text: `${p.person.name}: ${names.join(", ")}` }) : null;
  });
  const rows = nodes.map((account) => h("tr", { dataset: { accountId: account.accountId } },
    h("th", { scope: "row" }, ownTeam
      ? h("a", { href: `#/account/${encodeURIComponent(account.accountId)}`, text: account.name })
      : account.name),
    h("td", { text: words(account.ourStatus) }),
    h("td", { text: words(account.partnerStatus) }),
    h("td", { class: "uncovered" }, account.uncoveredPeople
      ? account.uncoveredPeople.map((p) => h("div", { text: `${p.name}${p.title ? `, ${p.title}` : ""}: ` +
        p.knownBy.map((k) => `${k.contactName} ${strength(k.strength)}`).join(", ") }))
      : `${account.uncoveredPeopleCount} people`),
    ownTeam ? h("td", { class: "small ours" }, knownBy(account, (k) => k.kind === "SELLER")) : null,
    ownTeam ? h("td", { class: "small theirs" }, knownBy(account,
      (k) => k.kind === "PARTNER_CONTACT" && k.partnerName === overlap.partnerName)) : null));
  return h("section", { class: "panel" },
    h("h3", { text: `${title} (${overlap.accounts.totalCount})` }),
    h("div", { class: "scroll" }, h("table", { id: "overlap-accounts" },
      h("thead", {}, h("tr", {}, columns.map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, rows))),
    next);
}
