// Builds elements from data without ever parsing HTML: every text goes in as text (no injection
// from names or titles), every handler as a listener (the CSP forbids inline ones).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function errorBox(error) {
  return h("p", { class: "error", role: "alert", dataset: { code: error.code || "" } },
    error.code ? `${error.code}: ${error.message}` : String(error.message || error));
}

export function percent(value) {
  return `${Math.round(value * 100)}%`;
}

export function strength(value) {
  return value === null || value === undefined ? "" : value.toFixed(2);
}
