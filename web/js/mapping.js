// The mapping step: each column of the file and the field it fills, sample rows, what the mapping leaves
// unmapped or would reject (asked of the API as the mapping changes), date orders, then Confirm.
import { ApiError, api, describeError, url } from "./api.js";
import { chosenConstants, dictionaryOptions, renderConstants, renderDictionary } from "./dictionary.js";
import { $, announce, h, radioChoice, showError } from "./dom.js";
import { dateReading } from "./date-reading.js";
import { fieldLabel, plural, titleCase } from "./format.js";
import { renderHeaderRow } from "./header-row.js";
import { focusRowAction } from "./import-rows.js";
import { matchOptions, renderMatchOptions } from "./match-options.js";
import { refreshImports, schedulePoll, upsertImports } from "./imports.js";
import { inGroup, labelOf, missingRequired, stageLabel } from "./rules.js";
import * as store from "./store.js";
import { loadTypes } from "./types.js";

const DATE_ORDERS = [["DMY", "Day first (DMY), e.g. 31/03/2024"], ["MDY", "Month first (MDY), e.g. 03/31/2024"]];
// A date sample is a value written as digits around separators: the one that reads either way.
const NUMERIC_DATE = /^\d{1,2}\D\d{1,2}\D\d{2,4}/;

let previewTimer = null;
let previewSeq = 0; // numbers each preview asked, so that an answer overtaken by a later one is dropped

export function setupMapping() {
  $("mapping-form").addEventListener("submit", confirmMapping);
  $("default-region").addEventListener("input", () => { updateMappingState(); schedulePreview(); });
  $("close-mapping").addEventListener("click", () => {
    closeMapping(true);
    announce("Mapping left for later: use “Map columns” in Past imports.", "past-imports");
  });
  store.onSessionEnd(() => {
    clearTimeout(previewTimer);
    $("mapping").hidden = true;
  });
}

function changeMapping(change) {
  store.update((state) => ({ mapping: { ...state.mapping, ...change } }));
}

export async function openMapping(recordOrId) {
  showError($("imports-error"), "");
  let record = recordOrId;
  try {
    if (typeof record === "string" || !record.preview) {
      const id = typeof record === "string" ? record : record.import_id;
      record = await api("GET", url`/imports/${id}`);
      upsertImports([record]);
    }
    await loadTypes();
  } catch (error) {
    showError($("imports-error"), describeError("The import could not be opened", error));
    return;
  }
  const { rules } = store.get();
  if (record.stage !== "mapping" || !record.preview) {
    announce(`${record.file_name} is no longer waiting for a mapping (${stageLabel(rules, record.stage)}).`, "past-imports");
    schedulePoll();
    return;
  }
  store.update({ mapping: { record, preview: record.preview, spec: rules.types.get(record.import_type),
    asked: record.preview.date_order_needed || [] } });
  renderMapping();
  $("mapping").hidden = false;
  $("mapping-title").focus();
  $("mapping").scrollIntoView({ block: "start" });
}

function sampleValues(preview, header, count = 3) {
  const values = [];
  for (const row of preview.sample_rows || []) {
    const value = (row[header] ?? "").toString().trim();
    if (value) values.push(value.length > 40 ? value.slice(0, 39) + "…" : value);
    if (values.length >= count) break;
  }
  return values;
}

function renderMapping() {
  const { record, preview, spec } = store.get().mapping;
  const headers = preview.headers || [];
  $("mapping-title").textContent = `Map columns: ${record.file_name}`;
  $("mapping-intro").textContent =
    `${titleCase(record.import_type)} import. The file has ${plural(headers.length, "column")}. `
    + "Check the field each column fills; required fields are marked.";
  const savedNote = $("mapping-saved-note");
  savedNote.hidden = !preview.saved_mapping_used;
  savedNote.textContent = ["A mapping you saved for files with these headers was applied.",
    preview.saved_mapping_message].filter(Boolean).join(" ");
  showError($("mapping-error"), "");
  renderHeaderRow(preview, record.import_id, (shown) => { changeMapping({ preview: shown }); renderMapping(); });

  $("mapping-table").tBodies[0].replaceChildren(...headers.map((header, index) => columnRow(preview, spec, header, index)));

  const sample = $("sample-rows");
  sample.tHead.replaceChildren(h("tr", {}, headers.map((hd) => h("th", { scope: "col" }, hd))));
  sample.tBodies[0].replaceChildren(...(preview.sample_rows || []).map((row) =>
    h("tr", {}, headers.map((hd) => h("td", {}, row[hd] ?? "")))));

  renderDateOrders(store.get().mapping.asked, preview.date_orders || {});
  renderProblems(preview.problems || [], preview.warnings || []);
  $("value-dictionary").replaceChildren(); // choices made for another import do not carry over
  renderDictionary(preview.value_dictionary || [], schedulePreview);
  renderConstants(spec, () => { updateMappingState(); schedulePreview(); }, record.options?.constants || {});

  $("default-region").value = preview.default_region || "US";
  renderMatchOptions(record.options);
  $("remember-mapping").checked = false;
  updateMappingState();
}

/** A column of the file: its header, sample values, and the select of the field it fills. */
function columnRow(preview, spec, header, index) {
  const selectId = `map-${index}`;
  const headId = `map-head-${index}`;
  const select = h("select", { id: selectId, dataset: { header }, "aria-labelledby": `${headId} ${selectId}-label` },
    h("option", { value: "" }, "— ignore —"),
    spec.fields.map((f) => h("option", { value: f.name, title: `API field: ${f.name}` },
      `${fieldLabel(f)}${f.required ? " — required" : inGroup(spec, f.name) ? " — one of a required group" : ""}`)));
  const suggested = preview.suggested_mapping?.[header];
  select.value = suggested && spec.fields.some((f) => f.name === suggested) ? suggested : "";
  showFieldCode(select);
  select.addEventListener("change", () => { showFieldCode(select); updateMappingState(); schedulePreview(); });
  const samples = sampleValues(preview, header);
  return h("tr", {},
    h("th", { scope: "row", id: headId, "data-label": "Column" }, header || h("em", {}, "(no header)")),
    h("td", { class: "samples", "data-label": "Sample values" },
      samples.length ? samples.join(" · ") : h("span", { class: "help" }, "(empty)")),
    h("td", { "data-label": "Field" },
      h("label", { for: selectId, id: `${selectId}-label`, class: "visually-hidden" }, "field"),
      select));
}

/** The field code (what the API takes) as the select's tooltip, for API users. */
function showFieldCode(select) {
  select.title = select.value ? `API field: ${select.value}` : "";
}

/** The fields more than one column is mapped to. */
function fieldsMappedTwice(mapping) {
  const used = Object.values(mapping).filter(Boolean);
  return [...new Set(used.filter((f, i) => used.indexOf(f) !== i))];
}

/** The phone country as the API takes it (2 letters), or null. */
function validRegion(region) {
  return /^[A-Za-z]{2}$/.test(region) ? region : null;
}

/** The date fields whose order must be asked, keeping any choice already made. */
function renderDateOrders(fields, known) {
  const { spec } = store.get().mapping;
  const dates = $("date-orders");
  const chosenBefore = {};
  dates.querySelectorAll("input:checked").forEach((r) => { chosenBefore[r.name.replace("date-order-", "")] = r.value; });
  dates.replaceChildren();
  for (const field of fields) {
    const name = `date-order-${field}`;
    const chosen = chosenBefore[field] || known[field];
    dates.append(h("fieldset", { class: "date-order", dataset: { field } },
      h("legend", {}, `Order of the dates in “${labelOf(spec, field)}”`),
      h("p", { class: "help date-example" }),
      h("p", { class: "date-reading", "aria-live": "polite" }),
      h("div", { class: "choices" }, DATE_ORDERS.map(([value, label]) => radioChoice(
        { name, id: `${name}-${value.toLowerCase()}`, value, checked: chosen === value, required: true }, label)))));
  }
  dates.querySelectorAll("input[type=radio]").forEach((r) => r.addEventListener("change", () => {
    updateMappingState();
    schedulePreview();
  }));
}

/** The problems the mapping raises on the sample rows, then its warnings (values a row is imported without, or
 * read as their closest when the value dictionary did not show them: the reason says so). */
function renderProblems(problems, warnings = []) {
  const { spec } = store.get().mapping;
  $("mapping-problems-wrap").hidden = problems.length + warnings.length === 0;
  $("mapping-problems").tBodies[0].replaceChildren(...problems.map((p) => h("tr", {},
    h("td", { "data-label": "Row" }, p.row ?? ""),
    h("td", { "data-label": "Field", title: p.field ? `API field: ${p.field}` : null },
      p.field ? labelOf(spec, p.field) : "(row)"),
    h("td", { "data-label": "Reason" }, p.reason))),
  ...warnings.map((w) => h("tr", { class: "warning" },
    h("td", { "data-label": "Row" }, w.row),
    h("td", { "data-label": "Field", title: `API field: ${w.field}` }, labelOf(spec, w.field)),
    h("td", { "data-label": "Reason" },
      w.imported_as == null ? `Warning: imported without it. ${w.reason}` : `Warning: ${w.reason}`))));
}

/** Asks the API what the mapping as it now stands gives on the sample rows (POST /imports/{id}/preview). */
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 300);
}

async function refreshPreview() {
  const open = store.get().mapping;
  if (!open) return;
  const mapping = currentMapping();
  if (fieldsMappedTwice(mapping).length) return; // the page says so, and the API would refuse
  const options = chosenOptions(open.chosen || {});
  const seq = ++previewSeq;
  try {
    const tried = await api("POST", url`/imports/${open.record.import_id}/preview`, { mapping, options });
    const now = store.get().mapping;
    if (seq !== previewSeq || now?.record.import_id !== open.record.import_id) return;
    // A field asked about stays asked once its order is chosen (the answer then no longer lists it).
    const asked = [...new Set([...now.asked, ...(tried.date_order_needed || [])])];
    changeMapping({ tried: true, asked });
    renderDateOrders(asked, tried.date_orders || {});
    renderProblems(tried.problems || [], tried.warnings || []);
    renderDictionary(tried.value_dictionary || [], schedulePreview);
    updateMappingState();
  } catch (error) {
    // The mapping step still works without a fresh preview: the rows are checked when it is confirmed.
  }
}

function currentMapping() {
  const mapping = {};
  $("mapping-table").querySelectorAll("select").forEach((select) => {
    mapping[select.dataset.header] = select.value || null;
  });
  return mapping;
}

function renderMissing(missing, spec) {
  const box = $("mapping-missing");
  box.replaceChildren();
  if (missing.length) {
    box.className = "callout warning";
    const labels = (fields) => fields.map((f) => labelOf(spec, f));
    box.append(h("strong", {}, "Required fields not mapped yet:"), h("ul", { id: "missing-list" }, missing.map((m) =>
      h("li", { title: `API fields: ${m.fields.join(", ")}` },
        m.fields.length === 1 ? labels(m.fields)[0] : `one of ${labels(m.fields).join(", ")}`))));
  } else {
    box.className = "callout ok";
    box.append("All required fields are mapped.");
  }
}

function renderDuplicates(twice, spec) {
  $("mapping-duplicates").hidden = twice.length === 0;
  $("mapping-duplicates").textContent = twice.length
    ? `More than one column is mapped to ${twice.map((f) => labelOf(spec, f)).join(", ")}: keep one column per field.` : "";
}

/** Shows the date orders the mapped date fields need; returns those chosen and the fields still to choose. */
function renderDateOrderChoices(preview, mapping) {
  const chosen = {};
  const unchosen = [];
  document.querySelectorAll("#date-orders fieldset").forEach((set) => {
    const field = set.dataset.field;
    const header = Object.keys(mapping).find((hd) => mapping[hd] === field);
    set.hidden = !header;
    set.disabled = !header;
    const checked = set.querySelector("input:checked");
    if (!header) return;
    const values = sampleValues(preview, header, 10);
    const example = values.find((v) => NUMERIC_DATE.test(v)) || values[0];
    set.querySelector(".date-example").textContent =
      `Column “${header}” has dates that read either way${example ? `, such as ${example}` : ""}.`;
    const reading = checked && example ? dateReading(example, checked.value) : null;
    set.querySelector(".date-reading").textContent = reading ? `${example} → ${reading}` : "";
    if (checked) chosen[field] = checked.value;
    else unchosen.push(field);
  });
  $("date-orders").hidden = !document.querySelector("#date-orders fieldset:not([hidden])");
  return { chosen, unchosen };
}

function updateMappingState() {
  const open = store.get().mapping;
  if (!open) return;
  const mapping = currentMapping();
  const reasons = [];

  const constants = Object.fromEntries(Object.keys(chosenConstants()).map((f) => [`(every row) ${f}`, f]));
  const missing = missingRequired({ ...mapping, ...constants }, open.spec);
  renderMissing(missing, open.spec);
  if (missing.length) reasons.push("map the required fields");

  const twice = fieldsMappedTwice(mapping);
  renderDuplicates(twice, open.spec);
  if (twice.length) reasons.push("map each field from one column only");

  const dateOrders = renderDateOrderChoices(open.preview, mapping);
  for (const field of dateOrders.unchosen) reasons.push(`choose the date order of “${labelOf(open.spec, field)}”`);

  const region = $("default-region").value.trim();
  if (region && !validRegion(region)) reasons.push("give the phone country as 2 letters");

  $("mapping-problems-note").textContent = open.tried
    ? "Rows of the sample that your mapping would reject, and values it would import them without; the error workbook lists both after the import."
    : "Rows of the sample that the suggested mapping would reject, and values it would import them without; the error workbook lists both after the import.";

  $("confirm-mapping").disabled = reasons.length > 0 || Boolean(open.stale);
  $("confirm-help").textContent = open.stale ? "This import is no longer waiting for a mapping."
    : reasons.length ? `To confirm, ${reasons.join(", ")}.` : "";
  changeMapping({ chosen: { mapping, dateOrders: dateOrders.chosen, region } });
}

/** The options the API takes for what is chosen: the value dictionary and constants, the match rule and update
 * mode, date orders, and the phone country when it is valid. */
function chosenOptions({ dateOrders = {}, region = "" }) {
  const options = { ...dictionaryOptions(), ...matchOptions() };
  if (Object.keys(dateOrders).length) options.date_orders = dateOrders;
  if (validRegion(region)) options.default_region = region.toUpperCase();
  return options;
}

async function confirmMapping(event) {
  event.preventDefault();
  const open = store.get().mapping;
  if (!open || $("confirm-mapping").disabled) return;
  const { mapping } = open.chosen;
  const options = chosenOptions(open.chosen);
  const body = { mapping, save: $("remember-mapping").checked };
  body.options = options;
  $("confirm-mapping").disabled = true;
  showError($("mapping-error"), "");
  try {
    const updated = await api("PUT", url`/imports/${open.record.import_id}/mapping`, body);
    closeMapping(false);
    upsertImports([updated]);
    store.update({ following: updated.import_id });
    announce(`Mapping confirmed. Importing ${updated.file_name}…`, "past-imports");
    schedulePoll();
    focusRowAction(updated.import_id, null);
  } catch (error) {
    showError($("mapping-error"), describeError("The mapping could not be confirmed", error));
    // 409: confirmed already (another tab or an API client): this step has nothing left to confirm.
    const confirmedElsewhere = error instanceof ApiError && error.status === 409;
    if (confirmedElsewhere && store.get().mapping) changeMapping({ stale: true });
    updateMappingState();
    if (confirmedElsewhere) refreshImports().catch(() => {});
  }
}

function closeMapping(restoreFocus = true) {
  const id = store.get().mapping?.record.import_id;
  store.update({ mapping: null });
  $("mapping").hidden = true;
  $("mapping-table").tBodies[0].replaceChildren();
  if (restoreFocus && id) focusRowAction(id, "map");
}
