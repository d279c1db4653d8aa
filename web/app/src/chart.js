// The org chart: Cytoscape.js with the dagre tree layout (chosen by measurement, docs/APP.md).
// People are nodes shaped and bordered by their main buying role; reporting lines are edges
// from manager to report. Warm paths are drawn on top: people outside the account (our sellers,
// partner contacts, intermediaries elsewhere) are added in a column left of the tree.

import { primaryRole, roleStyle } from "./roles.js";

const cytoscape = window.cytoscape;
if (window.cytoscapeDagre && !cytoscape.__dagre) {
  cytoscape.use(window.cytoscapeDagre);
  cytoscape.__dagre = true;
}

function personLabel(person, engagedIds) {
  const roles = person.roles.map((held) => roleStyle(held.role).abbr).join(" ");
  const stances = [...new Set(person.roles.map((held) => held.stance.toLowerCase()))].join("/");
  const known = person.knownBy
    .map((k) => (k.kind === "SELLER" ? k.name : `${k.name} (${k.partnerName || "partner"})`))
    .join(", ");
  const facts = [roles && `[${roles}]`, stances, engagedIds.has(person.person.id) && "engaged"]
    .filter(Boolean).join(" · ");
  return [
    person.person.name,
    [person.title, person.department].filter(Boolean).join(" · "),
    facts,
    known && `known by ${known}`,
  ].filter(Boolean).join("\n");
}

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "text-wrap": "wrap", "text-max-width": 200, "font-size": 11,
    "text-valign": "center", "text-halign": "center", width: 220, height: 78,
    shape: "data(shape)", "background-color": "#ffffff", "border-width": "data(borderWidth)",
    "border-color": "data(colour)", "border-style": "data(border)", color: "#111111" } },
  { selector: "node.engaged", style: { "background-color": "#e8f4fb" } },
  { selector: "node.outside", style: { "background-color": "#f3f3f3", "border-style": "dashed",
    "border-color": "#555555", "border-width": 2 } },
  { selector: "node:selected", style: { "overlay-color": "#0072B2", "overlay-opacity": 0.15 } },
  { selector: "node.on-path", style: { "underlay-color": "#F0E442", "underlay-opacity": 0.9,
    "underlay-padding": 8 } },
  { selector: "node.stack", style: { "background-color": "#f6f6f6", "border-width": 1,
    "border-style": "dashed", "border-color": "#bbbbbb", padding: 6, label: "" } },
  { selector: "edge.stacked", style: { display: "none" } },
  { selector: "edge.reports", style: { width: 1.5, "line-color": "#9a9a9a",
    "curve-style": "taxi", "taxi-direction": "downward", "target-arrow-shape": "none" } },
  { selector: "edge.path", style: { width: 5, "line-color": "#D55E00", "curve-style": "bezier",
    "target-arrow-shape": "triangle", "target-arrow-color": "#D55E00", label: "data(label)",
    "font-size": 10, "text-background-color": "#ffffff", "text-background-opacity": 1 } },
];

export function drawChart(container, people, engagedIds) {
  const ids = new Set(people.map((p) => p.person.id));
  const elements = [];
  for (const person of people) {
    const style = roleStyle(primaryRole(person.roles));
    elements.push({
      group: "nodes",
      data: { id: person.person.id, label: personLabel(person, engagedIds), shape: style.shape,
        colour: style.colour, border: style.border, borderWidth: person.roles.length ? 4 : 1.5 },
      classes: engagedIds.has(person.person.id) ? "person engaged" : "person",
    });
  }
  for (const person of people) {
    const manager = person.manager && person.manager.id;
    if (manager && ids.has(manager) && manager !== person.person.id) {
      elements.push({ group: "edges", data: { id: `reports:${person.person.id}`, source: manager,
        target: person.person.id }, classes: "reports" });
    }
  }
  const constructing = performance.now();
  const cy = cytoscape({
    container, elements, style: STYLE, wheelSensitivity: 0.3, textureOnViewport: true,
    hideEdgesOnViewport: true, minZoom: 0.05, maxZoom: 3,
  });
  const started = performance.now();
  cy.constructMs = Math.round(started - constructing);
  layoutTree(cy);
  cy.layoutMs = Math.round(performance.now() - started);
  fitTop(cy);
  return cy;
}

// Shows the top of the chart at a readable zoom: a 300-person tree fitted whole is unreadable.
function fitTop(cy) {
  cy.fit(undefined, 20);
  if (cy.zoom() < 0.5) {
    const box = cy.nodes(".person").boundingBox();
    cy.zoom(0.5);
    cy.pan({ x: 20 - box.x1 * 0.5, y: 20 - box.y1 * 0.5 });
  }
}

const NODE = { width: 220, height: 78, gap: 12, perColumn: 8, stackFrom: 3 };

// Dagre lays out the tree; a manager's reports who manage nobody (three or more of them) are
// first stood in for by one box of their stacked size, then placed in columns inside it, the box
// kept around them. Without this a broad org chart is tens of thousands of pixels wide.
function layoutTree(cy) {
  const stacks = [];
  cy.startBatch();
  cy.nodes(".person").forEach((manager) => {
    const leaves = manager.outgoers("edge.reports").targets()
      .filter((report) => report.outgoers("edge.reports").empty());
    if (leaves.length < NODE.stackFrom) return;
    const columns = Math.ceil(leaves.length / NODE.perColumn);
    const rows = Math.ceil(leaves.length / columns);
    const holder = cy.add({ group: "nodes", classes: "stack", data: { id: `stack:${manager.id()}`,
      label: "", shape: "round-rectangle", colour: "#bbbbbb", border: "dashed", borderWidth: 1 } });
    holder.style({ width: columns * (NODE.width + NODE.gap), height: rows * (NODE.height + NODE.gap) });
    cy.add({ group: "edges", classes: "reports", data: { id: `stack-edge:${manager.id()}`,
      source: manager.id(), target: holder.id() } });
    leaves.connectedEdges(".reports").addClass("stacked");
    stacks.push({ holder, leaves, columns });
  });
  cy.endBatch();
  const stacked = cy.collection(stacks.map((stack) => stack.leaves)).union(cy.edges(".stacked"));
  cy.elements(".person, .stack, .reports").not(stacked)
    .layout({ name: "dagre", rankDir: "TB", nodeSep: 20, rankSep: 50, animate: false }).run();
  for (const { holder, leaves, columns } of stacks) {
    const { x1, y1 } = holder.boundingBox();
    holder.removeStyle();
    leaves.forEach((leaf, index) => {
      leaf.position({
        x: x1 + NODE.gap / 2 + NODE.width / 2 + (index % columns) * (NODE.width + NODE.gap),
        y: y1 + NODE.gap / 2 + NODE.height / 2 + Math.floor(index / columns) * (NODE.height + NODE.gap),
      });
    });
    leaves.move({ parent: holder.id() });
  }
}

// Draws one warm path (its hops in order): outside people are added left of the tree, every
// person on it underlaid, every hop an arrow labelled with its relationship and strength.
export function drawPath(cy, path) {
  cy.batch(() => {
    cy.elements(".path, .outside").remove();
    cy.nodes().removeClass("on-path");
    if (!path || path.hidden) return;
    const tree = cy.nodes(".person").boundingBox();
    let row = 0;
    const place = (person) => {
      if (cy.getElementById(person.id).nonempty()) return;
      const where = person.kind === "SELLER" ? "our team"
        : person.organizationName || (person.organizationKind === "PARTNER" ? "partner" : "elsewhere");
      cy.add({ group: "nodes", classes: "outside",
        data: { id: person.id, label: `${person.name || "(hidden)"}\n${person.title || ""}\n${where}`,
          shape: "round-rectangle", colour: "#555555", border: "dashed", borderWidth: 2 },
        position: { x: tree.x1 - 300, y: tree.y1 + 40 + row++ * 110 } });
    };
    path.hops.forEach((hop, index) => {
      place(hop.from);
      place(hop.to);
      cy.add({ group: "edges", classes: "path", data: { id: `path:${index}`, source: hop.from.id,
        target: hop.to.id, label: `${hop.relationship.toLowerCase()} ${hop.strength.toFixed(2)}` } });
      cy.getElementById(hop.from.id).addClass("on-path");
      cy.getElementById(hop.to.id).addClass("on-path");
    });
  });
  const onPath = cy.nodes(".on-path");
  if (onPath.nonempty()) {
    cy.fit(onPath, 60);
    if (cy.zoom() > 1) cy.zoom({ level: 1, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }
}

// The chart from the keyboard: arrows walk the tree (up: manager, down: first report, left and
// right: colleagues with the same manager, in chart order), each step selected, centred and
// announced; Enter goes to the person's row in the table.
export function walkWithKeys(cy, container, people, announce, onEnter) {
  const byId = new Map(people.map((p) => [p.person.id, p]));
  const managerOf = (id) => {
    const manager = byId.get(id) && byId.get(id).manager;
    return manager && byId.has(manager.id) ? manager.id : null;
  };
  const inOrder = (ids) => ids.sort((a, b) => {
    const pa = cy.getElementById(a).position();
    const pb = cy.getElementById(b).position();
    return pa.y - pb.y || pa.x - pb.x;
  });
  const reportsOf = (id) => inOrder(people.map((p) => p.person.id).filter((other) => managerOf(other) === id));
  const current = () => {
    const selected = cy.nodes(".person:selected");
    return selected.nonempty() ? selected[0].id() : null;
  };
  const go = (id) => {
    if (!id) return;
    cy.nodes().unselect();
    const node = cy.getElementById(id);
    node.select();
    cy.center(node);
    const person = byId.get(id);
    announce([person.person.name, person.title, person.department,
      person.roles.map((r) => r.role.toLowerCase().replaceAll("_", " ")).join(", ")]
      .filter(Boolean).join(", "));
  };
  container.addEventListener("focus", () => {
    if (!current()) go(inOrder(people.map((p) => p.person.id).filter((id) => !managerOf(id)))[0]);
  });
  container.addEventListener("keydown", (event) => {
    const id = current();
    if (!id) return;
    const siblings = managerOf(id) ? reportsOf(managerOf(id))
      : inOrder(people.map((p) => p.person.id).filter((other) => !managerOf(other)));
    const at = siblings.indexOf(id);
    const moves = {
      ArrowUp: () => managerOf(id),
      ArrowDown: () => reportsOf(id)[0],
      ArrowLeft: () => siblings[at - 1],
      ArrowRight: () => siblings[at + 1],
    };
    if (moves[event.key]) {
      event.preventDefault();
      go(moves[event.key]());
    } else if (event.key === "Enter") {
      event.preventDefault();
      onEnter(id);
    }
  });
}
