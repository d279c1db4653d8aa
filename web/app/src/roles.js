// Buying roles as labels that read without colour: each has an abbreviation, a node shape and a
// border pattern, and a colour from the Okabe-Ito palette (safe for the common colour-vision
// deficiencies). The same style is used by the chart, the table and the legend.

export const STANDARD_ROLES = [
  "ECONOMIC_BUYER", "DECISION_MAKER", "BUDGET_HOLDER", "INFLUENCER", "BLOCKER", "CHAMPION",
  "TECHNICAL_EVALUATOR", "END_USER", "LEGAL", "PROCUREMENT",
];

const STYLES = {
  ECONOMIC_BUYER: { abbr: "EB", colour: "#0072B2", border: "solid", shape: "cut-rectangle" },
  DECISION_MAKER: { abbr: "DM", colour: "#0072B2", border: "double", shape: "round-rectangle" },
  BUDGET_HOLDER: { abbr: "BH", colour: "#56B4E9", border: "dotted", shape: "rectangle" },
  CHAMPION: { abbr: "CH", colour: "#009E73", border: "double", shape: "round-tag" },
  INFLUENCER: { abbr: "IN", colour: "#E69F00", border: "dotted", shape: "barrel" },
  BLOCKER: { abbr: "BL", colour: "#D55E00", border: "dashed", shape: "octagon" },
  TECHNICAL_EVALUATOR: { abbr: "TE", colour: "#CC79A7", border: "dashed", shape: "round-rectangle" },
  END_USER: { abbr: "EU", colour: "#6b6b6b", border: "dotted", shape: "round-rectangle" },
  LEGAL: { abbr: "LG", colour: "#000000", border: "dashed", shape: "rectangle" },
  PROCUREMENT: { abbr: "PR", colour: "#000000", border: "solid", shape: "bottom-round-rectangle" },
};
const CUSTOM = { colour: "#555555", border: "dashed", shape: "hexagon" };
const NONE = { abbr: "", colour: "#9a9a9a", border: "solid", shape: "round-rectangle" };

// The role that decides a person's node style when they hold several: the order above.
const PRIORITY = Object.keys(STYLES);

export function roleStyle(role) {
  if (!role) return NONE;
  return STYLES[role] || { ...CUSTOM, abbr: role.slice(0, 2) };
}

export function primaryRole(roles) {
  const names = roles.map((held) => held.role);
  return PRIORITY.find((role) => names.includes(role)) || names[0] || null;
}

export function roleLabel(role) {
  return role.toLowerCase().replaceAll("_", " ");
}

// The CSS class of a role badge (app.css draws each with its colour and border pattern).
export function badgeClass(role) {
  return `badge role-${STYLES[role] ? role.toLowerCase().replaceAll("_", "-") : "custom"}`;
}
