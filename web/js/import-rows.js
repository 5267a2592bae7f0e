// The rows of the Past imports table, rendered from the store: a row is rebuilt only when what it shows
// changes, and keeps the focus of the control it held and whether its details were open. Below 640 px
// wide each row is a card whose cells say what they are (data-label; styles.css).
import { $, h } from "./dom.js";
import { formatCount, formatDate, formatShortDate, plural, titleCase } from "./format.js";
import { isFiltered } from "./import-filters.js";
import { contactsFigure, failureNextSteps, giftsLine, listOf, rowsProgress } from "./import-results.js";
import { labelOf, stageLabel } from "./rules.js";
import * as store from "./store.js";

const rows = new Map(); // import_id -> {tr, sig}

export function setupImportRows() {
  store.subscribe((now, before) => {
    const shown = ["imports", "importsCursor", "importsFilter", "importsLoading", "rules"];
    if (shown.some((key) => now[key] !== before[key])) {
      renderImports(now);
    }
  });
  store.onSessionEnd(() => {
    rows.clear();
    $("imports-table").tBodies[0].replaceChildren();
  });
}

/** Moves the focus to the row's button for action, or to the table's heading. */
export function focusRowAction(importId, action) {
  const row = rows.get(importId);
  if (!row) return;
  const target = (action && row.tr.querySelector(`[data-action="${action}"]`)) || null;
  if (target) target.focus();
  else $("past-imports-title").focus();
}

const LINKS = { error: "error_file_url", "error-csv": "error_csv_url", "warnings-csv": "warnings_csv_url",
  original: "original_file_url" };

export function linkUrl(item, link) {
  return item[LINKS[link]];
}

/** What a row shows, without the presigned URLs (they change on every fetch but say the same). */
function rowSignature(item, list, rules) {
  const rest = { ...item };
  for (const key of [...Object.values(LINKS), "links_expire_at"]) delete rest[key];
  const links = Object.values(LINKS).map((key) => Boolean(item[key]));
  return JSON.stringify([rest, links, list || null, stageLabel(rules, item.stage)]);
}

function progressOf(item, rules) {
  if (item.stage === "processing" && item.rows_total > 0) return rowsProgress(item);
  if (item.stage === "finalizing") return { value: 1, max: 1, text: "Writing the results" };
  if (item.stage === "validating") {
    return { value: null, max: 1, text: item.rows_total ? `${plural(item.rows_total, "row")} read` : "Reading the rows" };
  }
  return { value: null, max: 1, text: stageLabel(rules, item.stage) };
}

/** The buttons of an import's row that are not about its status (Cancel, Retry and the next step after a
 * failure sit in the status cell). */
function rowActions(item) {
  const actions = [];
  if (item.status === "In Progress" && item.stage === "mapping") {
    actions.push(rowButton("map", item, "Map columns", `Map columns of ${item.file_name}`));
  }
  return actions.length ? h("div", { class: "row-actions" }, actions) : null;
}

function statusCell(item, rules) {
  const cell = h("td", { class: "status-cell", "data-label": "Status", dataset: { status: item.status, stage: item.stage } });
  const badgeClass = { "In Progress": "badge progress", Success: "badge ok", Failed: "badge failed" }[item.status] || "badge";
  cell.append(h("span", { class: badgeClass }, item.status));
  if (item.status === "In Progress") {
    cell.append(h("span", { class: "stage" }, ` · ${stageLabel(rules, item.stage)}`));
    if (item.stage !== "mapping") {
      const p = progressOf(item, rules);
      const bar = h("progress", { max: p.max, "aria-label": `Progress of ${item.file_name}` });
      if (p.value !== null) bar.value = p.value;
      cell.append(h("div", { class: "row-progress" }, bar, h("span", { class: "help" }, p.text)));
    }
    if (item.stage !== "finalizing") cell.append(rowButton("cancel", item, "Cancel", `Cancel the import of ${item.file_name}`, "small secondary"));
  } else if (item.status === "Failed") {
    cell.append(h("p", { class: "failure" }, item.failure_reason || "No reason was given."));
    cell.append(...failureNextSteps(item, (action, text, label) => rowButton(action, item, text, label)));
  }
  const actions = rowActions(item);
  if (actions) cell.append(actions);
  if (item.duplicate_of) {
    cell.append(h("p", { class: "help" }, "This file was imported before."));
  }
  if (item.corrects_import_id) {
    cell.append(h("p", { class: "help" }, "Corrected rows of an earlier import."));
  }
  return cell;
}

/** Who ran the import (the token's user). */
function ranBy(item) {
  const who = item.created_by && (item.created_by.email || item.created_by.sub);
  return who ? h("span", { class: "ran-by", title: item.created_by.sub ? `User id: ${item.created_by.sub}` : null }, who)
    : notShown("not recorded");
}

/** A cell with nothing to offer: a dash the eye reads, words a screen reader reads. */
function notShown(words) {
  return h("span", { class: "help" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "visually-hidden" }, words));
}

/** The date, long on a wide screen and short on a phone. */
function dateCell(item) {
  return h("td", { class: "date-cell", "data-label": "Date" },
    h("time", { datetime: item.created_at, title: formatDate(item.created_at) },
      h("span", { class: "date-long" }, formatDate(item.created_at)),
      h("span", { class: "date-short", "aria-hidden": "true" }, formatShortDate(item.created_at))));
}

/** An import's details, opened from its row: what it read, how its columns were mapped, its options. */
function details(item, rules) {
  const spec = rules?.types.get(item.import_type);
  const label = (name) => (spec ? labelOf(spec, name) : name);
  const mapped = Object.entries(item.mapping || {}).filter(([, field]) => field);
  const orders = Object.entries(item.options?.date_orders || {});
  const facts = [
    ["Rows read", formatCount(item.rows_total)],
    ["Rows imported", formatCount(item.rows_processed)],
    ["Rows with errors", formatCount(item.rows_with_errors)],
    ["Contacts", `${formatCount(item.contacts_created)} new, ${formatCount(item.contacts_updated)} updated`],
    ["Stage", stageLabel(rules, item.stage)],
    ["Started", formatDate(item.created_at)],
    ["Phone country", item.options?.default_region || null],
    ["Date order", orders.length ? orders.map(([f, o]) => `${label(f)}: ${o === "DMY" ? "day first" : "month first"}`).join("; ") : null],
    ["Import id", h("code", {}, item.import_id)],
  ].filter(([, value]) => value !== null && value !== undefined);
  return h("details", { class: "import-details", dataset: { id: item.import_id } },
    h("summary", { "aria-label": `Details of ${item.file_name}` }, "Details"),
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    mapped.length ? h("p", { class: "help mapping-used" }, "Columns: ",
      mapped.map(([column, field]) => `${column} → ${label(field)}`).join(" · ")) : null);
}

function buildRow(tr, item, list, rules) {
  tr.replaceChildren(
    dateCell(item),
    h("td", { "data-label": "Ran by" }, ranBy(item)),
    h("td", { "data-label": "Import type" }, titleCase(item.import_type)),
    statusCell(item, rules),
    h("td", { class: "num errors-cell", "data-label": "Rows with errors" },
      h("span", { class: "count" }, formatCount(item.rows_with_errors)),
      item.error_file_url
        ? [" ", downloadLink("error", item, "Download", `Download the rejected rows of ${item.file_name} (Excel workbook)`)]
        : expiredMark(item.error_file_expired),
      item.error_csv_url
        ? h("div", { class: "help" }, downloadLink("error-csv", item, "All rejected rows (CSV)",
          `Download all the rejected rows of ${item.file_name} (gzipped CSV: more than the workbook holds)`))
        : null,
      item.errors_fixed ? h("div", { class: "help" }, `${formatCount(item.errors_fixed)} fixed since`) : null,
      item.rows_with_errors ? rowButton("show-rejected", item, "Show", `Show the rejected rows of ${item.file_name}`, "small secondary") : null),
    h("td", { class: "num warnings-cell", "data-label": "Rows with warnings" },
      h("span", { class: "count" }, formatCount(item.rows_with_warnings ?? 0)),
      item.rows_with_warnings && item.error_file_url
        ? [" ", downloadLink("error", item, "Download warnings",
          `Download warnings of ${item.file_name} (the Warnings sheet of the Excel workbook)`)]
        : null,
      item.warnings_csv_url
        ? h("div", { class: "help" }, downloadLink("warnings-csv", item, "All warnings (CSV)",
          `Download all the warnings of ${item.file_name} (gzipped CSV: more than the workbook holds)`))
        : null),
    h("td", { class: "num contacts-cell", "data-label": "Contacts" }, contactsFigure(item), giftsLine(item),
      item.possible_duplicates
        ? h("div", { class: "help possible-duplicates" }, plural(item.possible_duplicates, "possible duplicate"))
        : null),
    h("td", { class: "file-cell", "data-label": "Original file" },
      item.original_file_url
        ? downloadLink("original", item, item.file_name, `Download the original file ${item.file_name}`)
        : h("span", {}, item.file_name),
      expiredMark(item.original_file_expired),
      details(item, rules)),
    h("td", { class: "list-cell", "data-label": "Load to list" },
      list?.state === "creating"
        ? h("span", { class: "help", role: "status" }, `Creating the list of ${plural(list.contact_count, "contact")} …`)
        : list
        ? rowButton("view-list", item, `View list (${formatCount(list.contact_count)})`,
          `View list (${formatCount(list.contact_count)}) of the contacts from ${item.file_name}`, "small secondary")
        : item.can_load_to_list
          ? rowButton("create-list", item, "Create A List", `Create a list of the contacts of ${item.file_name}`)
          : notShown("not offered")),
  );
}

// A button of an import's row: the table's click handler acts on data-action for data-id.
function rowButton(action, item, text, label, cls = "small") {
  return h("button", { type: "button", class: cls, dataset: { action, id: item.import_id }, "aria-label": label }, text);
}

// link: "error" or "original", the import's link it shows (renewed in place, or fetched afresh when stale).
function downloadLink(link, item, text, label) {
  return h("a", { href: linkUrl(item, link), dataset: { link, id: item.import_id }, download: "", "aria-label": label },
    text);
}

function expiredMark(expired) {
  return expired ? [" ", h("span", { class: "expired" }, "expired")] : null;
}

function renderImports({ imports, rules, importsCursor, importsFilter, importsLoading }) {
  const tbody = $("imports-table").tBodies[0];
  const wanted = new Set(imports.map((i) => i.import_id));
  for (const [id, row] of rows) {
    if (!wanted.has(id)) {
      row.tr.remove();
      rows.delete(id);
    }
  }
  let ref = tbody.firstChild;
  for (const item of imports) {
    const row = renderRow(item, listOf(item), rules);
    if (row.tr === ref) ref = ref.nextSibling;
    else tbody.insertBefore(row.tr, ref);
  }
  const filtered = isFiltered(importsFilter);
  const loading = importsLoading && (imports.length === 0 || filtered);
  $("imports-loading").hidden = !loading;
  $("imports-loading").textContent = filtered ? "Searching past imports…" : "Loading past imports…";
  $("imports-table").setAttribute("aria-busy", String(loading));
  $("imports-empty").hidden = loading || imports.length > 0 || Boolean(importsCursor);
  $("imports-empty").textContent = filtered ? "No imports match." : "No imports yet.";
  $("imports-shown").textContent = filtered && !loading ? matchesShown(imports.length, importsCursor) : "";
  $("more-imports").hidden = !importsCursor;
}

/** What the server answered a search with: the imports that match, and whether More may find older ones. */
function matchesShown(count, cursor) {
  if (!count) return cursor ? "No imports match among the newest searched. More searches older ones." : "";
  return `${plural(count, "import")} match${count === 1 ? "es" : ""}` + (cursor ? " so far. More finds older ones." : ".");
}

function renderRow(item, list, rules) {
  const sig = rowSignature(item, list, rules);
  let row = rows.get(item.import_id);
  if (!row) {
    row = { tr: h("tr", { dataset: { importId: item.import_id } }), sig: null };
    rows.set(item.import_id, row);
  }
  if (row.sig !== sig) {
    const focused = row.tr.contains(document.activeElement) ? document.activeElement : null;
    const action = focused?.dataset.action || focused?.dataset.link;
    const open = row.tr.querySelector("details.import-details")?.open;
    buildRow(row.tr, item, list, rules);
    row.sig = sig;
    if (open) row.tr.querySelector("details.import-details").open = true;
    if (focused) {
      const again = (action && row.tr.querySelector(`[data-action="${action}"], [data-link="${action}"]`))
        || (focused.tagName === "SUMMARY" && row.tr.querySelector("summary"))
        || row.tr.querySelector("button, a");
      if (again) again.focus();
    }
  } else {
    // Same content: only the presigned links are renewed.
    for (const link of row.tr.querySelectorAll("a[data-link]")) {
      const url = linkUrl(item, link.dataset.link);
      if (url) link.href = url;
    }
  }
  return row;
}
