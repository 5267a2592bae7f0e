// The import types: loaded once a session from GET /import-types (with the server's other rules), the
// Import type select, and the help under it.
import { api } from "./api.js";
import { $, h } from "./dom.js";
import { fieldLabel, titleCase } from "./format.js";
import { inGroup, labelOf, requiredSummary, rulesFrom } from "./rules.js";
import * as store from "./store.js";

let loading = null;

export function loadTypes() {
  if (!loading) {
    loading = api("GET", "/import-types").then((answer) => store.update({ rules: rulesFrom(answer) }));
    loading.catch(() => { loading = null; });
  }
  return loading;
}

export function setupTypes() {
  $("import-type").addEventListener("change", (event) => store.update({ importType: event.target.value }));
  store.onSessionEnd(() => { loading = null; });
  store.subscribe((now, before) => {
    if (now.rules !== before.rules) renderTypes(now);
    else if (now.importType !== before.importType) renderTypeHelp(now);
  });
  renderTypeHelp(store.get());
}

export function selectedType(state) {
  return state.rules?.types.get(state.importType);
}

function renderTypes(state) {
  const select = $("import-type");
  select.replaceChildren(h("option", { value: "" }, "Choose an import type…"));
  for (const type of state.rules?.types.values() || []) {
    select.append(h("option", { value: type.name }, titleCase(type.name)));
  }
  select.value = selectedType(state) ? state.importType : "";
  renderTypeHelp(state);
}

function renderTypeHelp(state) {
  const type = selectedType(state);
  const body = $("type-fields-body");
  body.replaceChildren();
  $("type-fields").hidden = !type;
  if (!type) {
    $("import-type-help").textContent = "What one row of your file is: a person, a gift, a pledge or a touch-point.";
    return;
  }
  $("import-type-help").textContent = `${type.description}. Required: ${requiredSummary(type)}.`;
  body.append(h("table", { class: "data compact" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Required"),
      h("th", { scope: "col" }, "Description"), h("th", { scope: "col" }, "Format"))),
    h("tbody", {}, type.fields.map((f) => h("tr", {},
      h("th", { scope: "row", title: `API field: ${f.name}` }, fieldLabel(f)),
      h("td", {}, f.required ? "yes" : inGroup(type, f.name) ? "one of a group" : ""),
      h("td", {}, f.description), h("td", {}, f.format))))));
  if ((type.required_any || []).length) {
    body.append(h("p", { class: "help" },
      type.required_any.map((g) => `At least one of ${g.map((name) => labelOf(type, name)).join(", ")} must be mapped.`)
        .join(" ")));
  }
}
