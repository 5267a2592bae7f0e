// Helpers for building and updating the page's elements.

export const $ = (id) => document.getElementById(id);

/** An element: h("td", {class: "num", dataset: {id}, onclick: fn}, "text", child, [more children]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A radio button with its label: attrs are the input's (name, id, value, checked…). */
export function radioChoice(attrs, ...label) {
  return h("div", { class: "choice" }, h("input", { type: "radio", ...attrs }), h("label", { for: attrs.id }, ...label));
}

/** Says message in the live region of the card the user acted on (near: the card's id, e.g. "past-imports"),
 * where they are looking and where a screen reader announces it; without near, in the page's own region. */
export function announce(message, near = null) {
  const region = (near && $(`${near}-status`)) || $("status");
  // What another region said is over now that this is said: no card keeps a stale message.
  document.querySelectorAll('[role="status"]').forEach((other) => { other.textContent = ""; });
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  setTimeout(() => { region.textContent = message; }, 30);
}

export function showError(el, message) {
  el.textContent = message;
  el.hidden = !message;
}
