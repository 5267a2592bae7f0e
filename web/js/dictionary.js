// The mapping step's value dictionary and constants: what each distinct value of a fixed-list column means (a
// select of the field's values, as the API's preview suggests them), and a field given one value for every row.
import { $, h } from "./dom.js";
import { fieldLabel } from "./format.js";

/** Renders the preview's value_dictionary, keeping the choices made already; onChange runs on every choice. */
export function renderDictionary(entries, onChange) {
  const before = chosenValues();
  const box = $("value-dictionary");
  box.replaceChildren(...entries.map((entry, i) => h("fieldset", { class: "dictionary", dataset: { field: entry.field } },
    h("legend", {}, `What the values of “${entry.header}” mean (${entry.label})`),
    h("table", { class: "data" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Value in your file"), h("th", { scope: "col" }, entry.label))),
      h("tbody", {}, entry.values.map((value, j) => valueRow(entry, value, `dict-${i}-${j}`, before, onChange)))))));
  box.hidden = entries.length === 0;
}

function valueRow(entry, value, id, before, onChange) {
  const unknown = entry.field === "payment_method" ? "— keep it as it is —" : "— not known: the row is rejected —";
  const select = h("select", { id, dataset: { value: value.value } },
    h("option", { value: "" }, unknown), entry.choices.map((choice) => h("option", { value: choice }, choice)));
  select.value = before[entry.field]?.[value.value] ?? value.maps_to ?? "";
  select.addEventListener("change", onChange);
  return h("tr", {}, h("td", {}, h("label", { for: id }, value.value)), h("td", {}, select));
}

/** {field: {file value: the value chosen}}, as the selects say. */
export function chosenValues() {
  const values = {};
  document.querySelectorAll("#value-dictionary fieldset").forEach((set) => {
    set.querySelectorAll("select").forEach((select) => {
      if (select.value) (values[set.dataset.field] ||= {})[select.dataset.value] = select.value;
    });
  });
  return values;
}

/** The constant's row: a field of the type (by its label) and the value every row takes. */
export function renderConstants(spec, onChange) {
  const field = h("select", { id: "constant-field" }, h("option", { value: "" }, "— none —"),
    spec.fields.map((f) => h("option", { value: f.name }, fieldLabel(f))));
  const value = h("input", { type: "text", id: "constant-value", maxlength: 200, autocomplete: "off",
    "aria-describedby": "constant-help" });
  field.addEventListener("change", onChange);
  value.addEventListener("input", onChange);
  $("constants").replaceChildren(h("fieldset", {},
    h("legend", {}, "The same value on every row"),
    h("p", { id: "constant-help", class: "help" },
      "For a field your file has no column for, or to fill its blank cells: e.g. Kind of touch-point: event."),
    h("div", { class: "field inline" }, h("label", { for: "constant-field" }, "Field"), field),
    h("div", { class: "field inline" }, h("label", { for: "constant-value" }, "Value on every row"), value)));
}

/** {field: value} of the constant, when both are given. */
export function chosenConstants() {
  const field = $("constant-field")?.value;
  const value = $("constant-value")?.value.trim();
  return field && value ? { [field]: value } : {};
}

/** The options the dictionary and constants add to a mapping's. */
export function dictionaryOptions() {
  const options = {};
  const values = chosenValues();
  const constants = chosenConstants();
  if (Object.keys(values).length) options.values = values;
  if (Object.keys(constants).length) options.constants = constants;
  return options;
}
