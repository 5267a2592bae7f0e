// Search and filters of Past imports: file name, type, status and a date range. The form changes the store's
// importsFilter; imports.js asks the server for the imports that match (filterQuery), More for older ones.
import { $, h } from "./dom.js";
import { titleCase } from "./format.js";
import * as store from "./store.js";

const INPUTS = { text: "filter-text", type: "filter-type", status: "filter-status", from: "filter-from", to: "filter-to" };
const PARAMS = { text: "q", type: "type", status: "status", from: "from", to: "to" };

export function setupImportFilters() {
  const form = $("imports-filters");
  form.addEventListener("input", readFilter);
  form.addEventListener("change", readFilter);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(readFilter)); // the inputs are reset after the event
  store.subscribe((now, before) => {
    if (now.rules !== before.rules) renderTypeOptions(now.rules);
  });
  store.onSessionEnd(() => form.reset());
}

function readFilter() {
  const filter = Object.fromEntries(Object.entries(INPUTS).map(([key, id]) => [key, $(id).value.trim()]));
  const before = store.get().importsFilter;
  if (Object.keys(INPUTS).some((key) => filter[key] !== before[key])) store.update({ importsFilter: filter });
}

/** Replaces a select's options after its first ("All …"), keeping the choice when it is still offered. */
function replaceOptions(select, values, label) {
  const chosen = select.value;
  select.replaceChildren(select.options[0], ...values.map((v) => h("option", { value: v }, label(v))));
  select.value = values.includes(chosen) ? chosen : "";
}

function renderTypeOptions(rules) {
  replaceOptions($("filter-type"), [...(rules?.types.keys() || [])], titleCase);
}

export function isFiltered(filter) {
  return Object.values(filter).some(Boolean);
}

/** The query of GET /imports for this filter: the server filters, and pages through what matches. */
export function filterQuery(filter, limit, cursor) {
  const query = new URLSearchParams({ limit });
  for (const [key, param] of Object.entries(PARAMS)) if (filter[key]) query.set(param, filter[key]);
  if (cursor) query.set("cursor", cursor);
  return query.toString();
}
