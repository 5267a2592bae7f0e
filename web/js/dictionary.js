// The mapping step's value dictionary and constants: what each distinct value of a fixed-list column means (a
// select of the field's values, as the API's preview suggests them; the organisation's campaigns and funds when
// it keeps lists of them), and fields given one value for every row (as many as the user adds).
import { $, announce, h } from "./dom.js";
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

// What a value of no meaning does to its row, as the preview says (if_unmapped).
const UNMAPPED = {
  kept: "— keep it as it is —",
  rejected: "— not known: the row is rejected —",
  warning: "— none of yours: imported without it (a warning) —",
};

function valueRow(entry, value, id, before, onChange) {
  const unknown = UNMAPPED[entry.if_unmapped] || UNMAPPED.rejected;
  const select = h("select", { id, dataset: { value: value.value } },
    h("option", { value: "" }, unknown), entry.choices.map((choice) => h("option", { value: choice }, choice)));
  select.value = before[entry.field]?.[value.value] ?? value.maps_to ?? "";
  select.addEventListener("change", onChange);
  return h("tr", {}, h("td", {}, h("label", { for: id }, value.value)), h("td", {}, select));
}

/** {field: {file value: the value chosen}}, as the selects say; "" for one left at "none of them", so that the
 * API does not read it as its closest. */
export function chosenValues() {
  const values = {};
  document.querySelectorAll("#value-dictionary fieldset").forEach((set) => {
    set.querySelectorAll("select").forEach((select) => {
      (values[set.dataset.field] ||= {})[select.dataset.value] = select.value;
    });
  });
  return values;
}

let constantRows = 0; // ids of removed rows are not reused: a label always points at its own control

/** The constants' fieldset: a row (a field of the type, by its label, and the value every row takes) for each
 * constant the import has already (a saved mapping's), else one empty; "Add another constant" for more, and
 * Remove on each. */
export function renderConstants(spec, onChange, given = {}) {
  const rows = h("div", { id: "constant-rows" });
  const add = h("button", { type: "button", id: "add-constant", class: "secondary small" }, "Add another constant");
  add.addEventListener("click", () => {
    const row = constantRow(spec, rows, add, onChange);
    rows.append(row);
    labelRows(rows);
    row.querySelector("select").focus();
    announce(`Constant ${rows.children.length} added.`, "mapping");
  });
  const start = Object.entries(given).filter(([name]) => spec.fields.some((f) => f.name === name));
  for (const [name, text] of start.length ? start : [["", ""]]) {
    const row = constantRow(spec, rows, add, onChange);
    row.querySelector(".constant-field").value = name;
    row.querySelector(".constant-value").value = text;
    rows.append(row);
  }
  labelRows(rows);
  $("constants").replaceChildren(h("fieldset", {},
    h("legend", {}, "The same value on every row"),
    h("p", { id: "constant-help", class: "help" },
      "For a field your file has no column for, or to fill its blank cells: e.g. Kind of touch-point: event."),
    rows, h("div", { class: "actions" }, add)));
}

function constantRow(spec, rows, add, onChange) {
  const n = ++constantRows;
  const field = h("select", { id: `constant-field-${n}`, class: "constant-field" },
    h("option", { value: "" }, "— none —"), spec.fields.map((f) => h("option", { value: f.name }, fieldLabel(f))));
  const value = h("input", { type: "text", id: `constant-value-${n}`, class: "constant-value", maxlength: 200,
    autocomplete: "off", "aria-describedby": "constant-help" });
  const remove = h("button", { type: "button", class: "secondary small" }, "Remove");
  const row = h("div", { class: "constant-row", role: "group" },
    h("div", { class: "field inline" }, h("label", { for: field.id }, "Field"), field),
    h("div", { class: "field inline" }, h("label", { for: value.id }, "Value on every row"), value), remove);
  field.addEventListener("change", onChange);
  value.addEventListener("input", onChange);
  remove.addEventListener("click", () => {
    row.remove();
    if (!rows.children.length) rows.append(constantRow(spec, rows, add, onChange));
    labelRows(rows);
    add.focus();
    announce("Constant removed.", "mapping");
    onChange();
  });
  return row;
}

/** Each row (and its Remove) is named by its place: "Constant 2", kept right as rows come and go. */
function labelRows(rows) {
  [...rows.children].forEach((row, i) => {
    row.setAttribute("aria-label", `Constant ${i + 1}`);
    row.querySelector("button").setAttribute("aria-label", `Remove constant ${i + 1}`);
  });
}

/** {field: value} of the constants whose field and value are both given (a field given twice: the last). */
export function chosenConstants() {
  const constants = {};
  document.querySelectorAll("#constants .constant-row").forEach((row) => {
    const field = row.querySelector(".constant-field").value;
    const value = row.querySelector(".constant-value").value.trim();
    if (field && value) constants[field] = value;
  });
  return constants;
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
