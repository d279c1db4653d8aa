// The page's entry: asks for a credential once (kept in session storage), finds out who it is
// (viewer), then routes on the URL fragment: #/accounts, #/account/<id>, #/partners[/<id>].

import { ApiError, credential, gql } from "./api.js";
import { errorBox, h, replace } from "./dom.js";
import { showAccounts } from "./accounts.js";
import { showAccountMap } from "./account-map.js";
import { showPartners } from "./partners.js";
import { VIEWER } from "./queries.js";

const main = document.getElementById("main");
const who = document.getElementById("who");
const nav = document.getElementById("nav");
let viewer = null;

function signInForm(problem) {
  const input = h("input", { id: "credential", type: "password", autocomplete: "off",
    required: true, "aria-describedby": "credential-help", spellcheck: "false" });
  const form = h("form", { class: "sign-in", onsubmit: (event) => {
    event.preventDefault();
    credential.set(input.value);
    start();
  } },
  h("h2", { text: "Sign in" }),
  h("label", { for: "credential", text: "API key or JWT" }),
  input,
  h("p", { id: "credential-help", class: "help",
    text: "Pasted once, kept in this tab's session storage only, and sent to /graphql as " +
      "'Authorization: Bearer ...'. A partner credential sees its overlap only." }),
  h("button", { type: "submit", text: "Open" }),
  problem ? errorBox(problem) : null);
  replace(who);
  nav.hidden = true;
  replace(main, form);
  input.focus();
}

function signOut() {
  credential.clear();
  viewer = null;
  window.location.hash = "";
  signInForm(null);
}

async function start() {
  if (!credential.get()) return signInForm(null);
  try {
    viewer = (await gql(VIEWER)).viewer;
  } catch (error) {
    credential.clear();
    return signInForm(error instanceof ApiError ? error : new Error(String(error)));
  }
  replace(who, h("span", { id: "viewer", dataset: { role: viewer.role },
    text: `${viewer.workspace} · ${viewer.role.toLowerCase()}` }),
  h("button", { type: "button", class: "link", onclick: signOut, text: "Sign out" }));
  nav.hidden = false;
  document.getElementById("nav-accounts").hidden = viewer.role === "PARTNER";
  route();
}

function route() {
  if (!viewer) return;
  const [path, query = ""] = window.location.hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const context = { viewer, params, main };
  if (viewer.role === "PARTNER" || parts[0] === "partners") {
    return showPartners(context, viewer.role === "PARTNER" ? viewer.partnerId : parts[1]);
  }
  if (parts[0] === "account" && parts[1]) return showAccountMap(context, parts[1]);
  return showAccounts(context);
}

window.addEventListener("hashchange", route);
start();
