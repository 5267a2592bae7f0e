// The step indicator: where the user is in an import. The steps are listed here only; a step is added by
// adding it to STEPS with the state that puts the user on it (a Review step would go before Import).
import { $, h } from "./dom.js";
import * as store from "./store.js";

export const STEPS = [
  { id: "upload", label: "Upload", current: () => true },
  { id: "map", label: "Map & check", current: (state) => Boolean(state.mapping) },
  { id: "import", label: "Import", current: (state) => Boolean(state.following) && !state.mapping },
];

/** The step the state puts the user on: the last whose condition holds. */
export function currentStep(state) {
  return STEPS.findLast((step) => step.current(state)).id;
}

export function setupSteps() {
  let shown = null;
  const render = (state) => {
    const now = currentStep(state);
    if (now === shown) return;
    shown = now;
    renderSteps(now);
  };
  store.subscribe(render);
  render(store.get());
}

function renderSteps(current) {
  const at = STEPS.findIndex((step) => step.id === current);
  $("steps").replaceChildren(...STEPS.map((step, i) => {
    const state = i < at ? "done" : i === at ? "current" : "next";
    return h("li", { class: `step ${state}`, dataset: { step: step.id }, "aria-current": i === at ? "step" : null },
      h("span", { class: "step-number", "aria-hidden": "true" }, i < at ? "✓" : String(i + 1)),
      h("span", { class: "step-label" }, step.label),
      i < at ? h("span", { class: "visually-hidden" }, " (done)") : null);
  }));
}
