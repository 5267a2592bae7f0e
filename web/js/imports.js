// Past imports: the first page and the pages after it, polling while an import runs (and announcing the
// ones that finish), and the actions of a row (map, retry, create or view a list, renew a download link).
import config from "../config.js";
import { api, describeError, isUnauthorized, url } from "./api.js";
import { $, announce, showError } from "./dom.js";
import { formatCount, formatDate, plural } from "./format.js";
import { filterQuery } from "./import-filters.js";
import { listOf } from "./import-results.js";
import { focusRowAction, linkUrl } from "./import-rows.js";
import { openList } from "./lists.js";
import { showRejectedRows } from "./rejected-rows.js";
import * as store from "./store.js";

const POLL_MS = config.pollIntervalMs || 1500;
const IMPORTS_PAGE = config.importsPageSize || 20;
// An import still waiting for its file after this long was abandoned (the watchdog fails it after 15 min
// by default): stop polling for it.
const ABANDONED_UPLOAD_MS = 20 * 60 * 1000;
// Download links of the list view are presigned for a few minutes: older ones are fetched again on click.
const LINK_FRESH_MS = 4 * 60 * 1000;
// A change of a filter is sent once typing pauses this long.
const FILTER_PAUSE_MS = 300;

let pollTimer = null;
let filterTimer = null;
let refreshing = null; // {filter, done}: the refresh under way, for that filter
const lastStatus = new Map(); // import_id -> the status last seen, to announce the imports that finish

/** onMap(importId): opens the mapping step of an import (the Map columns button of its row). */
export function setupImports({ onMap }) {
  $("refresh-imports").addEventListener("click", () => refreshImports().then(
    () => announce("Past imports refreshed.", "past-imports"), () => {}));
  $("more-imports").addEventListener("click", loadMoreImports);
  $("imports-table").addEventListener("click", (event) => onImportsClick(event, onMap));
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && store.get().token) refreshImports({ quiet: true }).catch(() => {});
  });
  store.subscribe((now, before) => {
    if (now.imports !== before.imports) noteFinished(now.imports);
    if (now.importsFilter !== before.importsFilter && now.token) {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(searchImports, FILTER_PAUSE_MS);
    }
  });
  store.onSessionEnd(() => {
    clearTimeout(pollTimer);
    clearTimeout(filterTimer);
    pollTimer = null;
    refreshing = null;
    lastStatus.clear();
  });
}

function sortedNewestFirst(imports) {
  return imports.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

/** Adds or updates these imports (a new one goes first, or last with append). */
export function upsertImports(records, { append = false } = {}) {
  const imports = [...store.get().imports];
  for (const record of records) {
    const at = imports.findIndex((i) => i.import_id === record.import_id);
    if (at >= 0) imports[at] = { ...imports[at], ...record };
    else if (append) imports.push(record);
    else imports.unshift(record);
  }
  store.update({ imports: sortedNewestFirst(imports) });
}

function noteFinished(imports) {
  for (const item of imports) {
    const before = lastStatus.get(item.import_id);
    if (before === "In Progress" && item.status !== "In Progress") {
      const parts = item.status === "Success"
        ? [`${plural(item.rows_processed, "row")} imported`, `${formatCount(item.rows_with_errors)} with errors`,
          plural(item.contacts, "contact")]
        : [item.failure_reason || "no reason given"];
      announce(`Import of ${item.file_name} finished: ${item.status}. ${parts.join(", ")}.`, "past-imports");
    }
    lastStatus.set(item.import_id, item.status);
  }
}

function isActive(item) {
  if (item.list_state === "creating") return true; // another window writes its list: show it when ready
  if (item.status !== "In Progress" || item.stage === "mapping") return false; // mapping waits for a person
  if (item.stage === "awaiting_upload") return Date.now() - new Date(item.created_at).getTime() < ABANDONED_UPLOAD_MS;
  return true;
}

export function schedulePoll() {
  const { token, imports, generation } = store.get();
  if (pollTimer || !token) return;
  if (!imports.some(isActive)) return;
  pollTimer = setTimeout(async () => {
    pollTimer = null;
    if (generation !== store.get().generation) return;
    refreshImports({ quiet: true }).catch(() => {}); // shown by refreshImports, which schedules the next tick
  }, POLL_MS);
}

/** The first page of the imports the filter now takes, in place of what was shown. */
function searchImports() {
  store.update({ moreLoaded: false, importsCursor: null });
  refreshImports().catch(() => {});
}

export async function refreshImports({ quiet = false } = {}) {
  const { generation, importsFilter: filter } = store.get();
  if (refreshing?.filter === filter) return refreshing.done;
  if (refreshing) await refreshing.done.catch(() => {}); // for another filter: its answer is dropped
  if (refreshing) return refreshImports({ quiet });
  const current = () => generation === store.get().generation && filter === store.get().importsFilter;
  const done = (async () => {
    if (!quiet) store.update({ importsLoading: true });
    try {
      const page = await api("GET", `/imports?${filterQuery(filter, IMPORTS_PAGE)}`);
      if (!current()) return;
      const { imports, moreLoaded, importsCursor } = store.get();
      const ids = new Set(page.items.map((i) => i.import_id));
      const older = moreLoaded ? imports.filter((i) => !ids.has(i.import_id)) : [];
      // Running imports beyond the first page are fetched one by one.
      const running = older.filter(isActive);
      const fresh = await Promise.all(running.map((i) => api("GET", url`/imports/${i.import_id}`).catch(() => i)));
      if (!current()) return;
      const byId = new Map(fresh.map((i) => [i.import_id, i]));
      store.update({
        imports: [...page.items, ...older.map((i) => byId.get(i.import_id) || i)],
        importsCursor: moreLoaded ? importsCursor : page.next_cursor,
        importsLoading: false,
        fetchedAt: Date.now(),
      });
      showError($("imports-error"), "");
    } catch (error) {
      if (current()) store.update({ importsLoading: false });
      if (current() && !isUnauthorized(error)) {
        showError($("imports-error"), describeError(quiet ? "The table could not be refreshed" : "Past imports could not be loaded", error));
      }
      throw error;
    } finally {
      if (refreshing?.done === done) refreshing = null;
    }
  })();
  refreshing = { filter, done };
  try {
    await done;
  } finally {
    schedulePoll();
  }
}

async function loadMoreImports() {
  const { importsCursor, importsFilter } = store.get();
  if (!importsCursor) return;
  const button = $("more-imports");
  button.disabled = true;
  button.textContent = "Loading…";
  try {
    const page = await api("GET", `/imports?${filterQuery(importsFilter, IMPORTS_PAGE, importsCursor)}`);
    if (importsFilter !== store.get().importsFilter) return; // a new search replaced what this page adds to
    store.update({ moreLoaded: true, importsCursor: page.next_cursor });
    upsertImports(page.items, { append: true });
    announce(page.next_cursor || page.items.length
      ? `${plural(page.items.length, "more import")} shown.` : "All imports are shown.", "past-imports");
    schedulePoll();
  } catch (error) {
    showError($("imports-error"), describeError("More imports could not be loaded", error));
  } finally {
    button.disabled = false;
    button.textContent = "More";
  }
}

/** Presigned links live a few minutes: an old one is fetched again (the detail view checks the file). */
async function renewLink(event, link) {
  if (Date.now() - store.get().fetchedAt <= LINK_FRESH_MS) return;
  event.preventDefault();
  try {
    const record = await api("GET", url`/imports/${link.dataset.id}`);
    upsertImports([record]);
    store.update({ fetchedAt: Date.now() });
    const renewed = linkUrl(record, link.dataset.link);
    if (renewed) window.location.assign(renewed);
    else showError($("imports-error"), "That file is no longer kept (files are kept 7 days).");
  } catch (error) {
    showError($("imports-error"), describeError("The download link could not be renewed", error));
  }
}

/** Runs a Failed import again; with allowDuplicate (Import anyway), even while the same file is being imported. */
async function retry(button, id, allowDuplicate = false) {
  button.disabled = true;
  try {
    const updated = await api("POST", url`/imports/${id}/retry`, allowDuplicate ? { allow_duplicate_file: true } : undefined);
    upsertImports([updated]);
    announce(`Retrying the import of ${updated.file_name}…`, "past-imports");
    schedulePoll();
    focusRowAction(id, null);
  } catch (error) {
    button.disabled = false;
    showError($("imports-error"), describeError("The import could not be retried", error));
  }
}

/** The earlier import of the same file, as this page has it or as the API answers it (null when gone). */
async function earlierImport(importId) {
  return store.get().imports.find((i) => i.import_id === importId)
    || api("GET", url`/imports/${importId}`).catch(() => null);
}

async function importAnyway(button, record) {
  const earlier = await earlierImport(record.duplicate_of);
  const named = earlier
    ? `the import of ${earlier.file_name} started ${formatDate(earlier.created_at)} (${earlier.status})`
    : `import ${record.duplicate_of}`;
  if (!window.confirm(`${record.file_name} is the same file as ${named}. Import it anyway? `
    + "Gifts imported already are still recognised as duplicates.")) return;
  await retry(button, record.import_id, true);
}

async function createList(button, id, record) {
  button.disabled = true;
  upsertImports([{ ...record, list_id: "…", list_contact_count: record.contacts, list_state: "creating" }]);
  try {
    const made = await api("POST", url`/imports/${id}/list`);
    upsertImports([{ ...record, list_id: made.list_id, list_name: made.name, list_contact_count: made.contact_count,
      list_state: made.state }]);
    announce(made.state === "ready" ? `List created with ${plural(made.contact_count, "contact")}.`
      : "The list is being created by another window; it shows here when it is ready.", "past-imports");
    if (made.state === "ready") openList(made.list_id, made.contact_count, record, button);
    else refreshImports({ quiet: true }).catch(() => {});
  } catch (error) {
    upsertImports([record]);
    showError($("imports-error"), describeError("The list could not be created", error));
  }
}

async function cancelImport(button, id, record) {
  if (!window.confirm(`Cancel the import of ${record.file_name}? Rows imported so far stay imported.`)) return;
  button.disabled = true;
  try {
    const ended = await api("POST", url`/imports/${id}/cancel`);
    upsertImports([ended]);
    announce(`Import of ${ended.file_name} cancelled: ${plural(ended.rows_processed, "row")} imported before it stopped.`, "past-imports");
    focusRowAction(id, "retry"); // the Cancel button is gone: its row's next step, or the table's heading
  } catch (error) {
    button.disabled = false;
    showError($("imports-error"), describeError("The import could not be cancelled", error));
  }
}

async function onImportsClick(event, onMap) {
  const link = event.target.closest("a[data-link]");
  if (link) {
    await renewLink(event, link);
    return;
  }
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const id = button.dataset.id;
  const { imports } = store.get();
  const record = imports.find((i) => i.import_id === id);
  showError($("imports-error"), "");
  const action = button.dataset.action;
  if (action === "map") onMap(id);
  else if (action === "retry") await retry(button, id);
  else if (action === "import-anyway") await importAnyway(button, record);
  else if (action === "create-list") await createList(button, id, record);
  else if (action === "cancel") await cancelImport(button, id, record);
  else if (action === "show-rejected") showRejectedRows(record);
  else if (action === "upload-corrected") $("file-input").focus();
  else if (action === "view-list" && listOf(record)) openList(record.list_id, record.list_contact_count, record, button);
}
