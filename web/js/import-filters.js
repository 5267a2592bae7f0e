// Search and filters of Past imports: file name, type, status and a date range, over the imports loaded
// (More loads older ones). The form changes the store's importsFilter; import-rows.js shows what matches.
import { $, h } from "./dom.js";
import { titleCase } from "./format.js";
import * as store from "./store.js";

const INPUTS = { text: "filter-text", type: "filter-type", status: "filter-status", from: "filter-from", to: "filter-to" };

export function setupImportFilters() {
  const form = $("imports-filters");
  form.addEventListener("input", readFilter);
  form.addEventListener("change", readFilter);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(readFilter)); // the inputs are reset after the event
  store.subscribe((now, before) => {
    if (now.rules !== before.rules) renderTypeOptions(now.rules);
    if (now.imports !== before.imports) renderStatusOptions(now.imports);
  });
  store.onSessionEnd(() => form.reset());
}

function readFilter() {
  const filter = Object.fromEntries(Object.entries(INPUTS).map(([key, id]) => [key, $(id).value.trim()]));
  store.update({ importsFilter: filter });
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

function renderStatusOptions(imports) {
  const statuses = [...new Set(imports.map((i) => i.status))].sort();
  const select = $("filter-status");
  const offered = [...select.options].slice(1).map((o) => o.value);
  if (statuses.join() !== offered.join()) replaceOptions(select, statuses, (s) => s);
}

/** The local calendar day of an ISO time, as a date input writes it ("2026-12-02"). */
function localDay(iso) {
  const when = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}

export function isFiltered(filter) {
  return Object.values(filter).some(Boolean);
}

export function matchesFilter(item, filter) {
  if (filter.text && !(item.file_name || "").toLowerCase().includes(filter.text.toLowerCase())) return false;
  if (filter.type && item.import_type !== filter.type) return false;
  if (filter.status && item.status !== filter.status) return false;
  const day = localDay(item.created_at);
  if (filter.from && day < filter.from) return false;
  if (filter.to && day > filter.to) return false;
  return true;
}
