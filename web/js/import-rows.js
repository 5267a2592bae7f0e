// The rows of the Past imports table, rendered from the store: a row is rebuilt only when what it shows
// changes, and keeps the focus of the control it held.
import { $, h } from "./dom.js";
import { formatDate, plural, titleCase } from "./format.js";
import { stageLabel } from "./rules.js";
import * as store from "./store.js";

const rows = new Map(); // import_id -> {tr, sig}

export function setupImportRows() {
  store.subscribe((now, before) => {
    const shown = ["imports", "importsCursor", "lists", "rules"];
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

export function linkUrl(item, link) {
  return link === "error" ? item.error_file_url : item.original_file_url;
}

/** What a row shows, without the presigned URLs (they change on every fetch but say the same). */
function rowSignature(item, list, rules) {
  const { error_file_url: e, original_file_url: o, links_expire_at: _l, ...rest } = item;
  return JSON.stringify([rest, Boolean(e), Boolean(o), list || null, stageLabel(rules, item.stage)]);
}

function progressOf(item, rules) {
  if (item.stage === "processing" && item.batches_total > 0) {
    return { value: item.batches_done, max: item.batches_total,
      text: `${item.batches_done} of ${plural(item.batches_total, "batch", "batches")}`
        + (item.rows_total ? ` · ${item.rows_processed} of ${plural(item.rows_total, "row")} processed` : "") };
  }
  if (item.stage === "processing" && item.rows_total > 0) {
    return { value: item.rows_processed, max: item.rows_total, text: `${item.rows_processed} of ${plural(item.rows_total, "row")}` };
  }
  if (item.stage === "finalizing") return { value: 1, max: 1, text: "Writing the results" };
  if (item.stage === "validating") {
    return { value: null, max: 1, text: item.rows_total ? `${plural(item.rows_total, "row")} read` : "Reading the rows" };
  }
  return { value: null, max: 1, text: stageLabel(rules, item.stage) };
}

function statusCell(item, rules) {
  const cell = h("td", { class: "status-cell", dataset: { status: item.status, stage: item.stage } });
  const badgeClass = { "In Progress": "badge progress", Success: "badge ok", Failed: "badge failed" }[item.status] || "badge";
  cell.append(h("span", { class: badgeClass }, item.status));
  if (item.status === "In Progress") {
    cell.append(h("span", { class: "stage" }, ` · ${stageLabel(rules, item.stage)}`));
    if (item.stage === "mapping") {
      cell.append(h("div", {}, rowButton("map", item, "Map columns", `Map columns of ${item.file_name}`)));
    } else {
      const p = progressOf(item, rules);
      const bar = h("progress", { max: p.max, "aria-label": `Progress of ${item.file_name}` });
      if (p.value !== null) bar.value = p.value;
      cell.append(h("div", { class: "row-progress" }, bar, h("span", { class: "help" }, p.text)));
    }
  } else if (item.status === "Failed") {
    cell.append(h("p", { class: "failure" }, item.failure_reason || "No reason was given."));
    if (item.can_retry) {
      cell.append(rowButton("retry", item, "Retry", `Retry the import of ${item.file_name}`));
    }
  }
  if (item.duplicate_of) {
    cell.append(h("p", { class: "help" }, "This file was imported before."));
  }
  if (item.corrects_import_id) {
    cell.append(h("p", { class: "help" }, "Corrected rows of an earlier import."));
  }
  return cell;
}

/** Who ran the import (the token's user), under its date. */
function ranBy(item) {
  const who = item.created_by && (item.created_by.email || item.created_by.sub);
  return who ? h("div", { class: "help ran-by" }, `by ${who}`) : null;
}

function buildRow(tr, item, list, rules) {
  tr.replaceChildren(
    h("td", {}, h("time", { datetime: item.created_at }, formatDate(item.created_at)), ranBy(item)),
    h("td", {}, titleCase(item.import_type)),
    statusCell(item, rules),
    h("td", { class: "num errors-cell" },
      h("span", { class: "count" }, item.rows_with_errors ?? 0),
      item.error_file_url
        ? [" ", downloadLink("error", item, "Download", `Download the rejected rows of ${item.file_name} (Excel workbook)`)]
        : expiredMark(item.error_file_expired),
      item.errors_fixed ? h("div", { class: "help" }, `${item.errors_fixed} fixed since`) : null),
    h("td", { class: "num contacts-cell", title: `${item.contacts_created} created, ${item.contacts_updated} updated` },
      item.contacts ?? 0,
      item.contacts ? h("div", { class: "help" }, `${item.contacts_created} new, ${item.contacts_updated} updated`) : null,
      item.possible_duplicates
        ? h("div", { class: "help possible-duplicates" }, plural(item.possible_duplicates, "possible duplicate"))
        : null),
    h("td", { class: "file-cell" },
      item.original_file_url
        ? downloadLink("original", item, item.file_name, `Download the original file ${item.file_name}`)
        : h("span", {}, item.file_name),
      expiredMark(item.original_file_expired)),
    h("td", { class: "list-cell" },
      list
        ? rowButton("view-list", item, `View list (${list.contact_count})`,
          `View list (${list.contact_count}) of the contacts from ${item.file_name}`, "small secondary")
        : item.can_load_to_list
          ? rowButton("create-list", item, "Create A List", `Create a list of the contacts of ${item.file_name}`)
          : h("span", { class: "help", "aria-label": "not offered" }, "—")),
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

function renderImports({ imports, lists, rules, importsCursor }) {
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
    const row = renderRow(item, lists[item.import_id], rules);
    if (row.tr === ref) ref = ref.nextSibling;
    else tbody.insertBefore(row.tr, ref);
  }
  $("imports-empty").hidden = imports.length > 0;
  $("more-imports").hidden = !importsCursor;
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
    buildRow(row.tr, item, list, rules);
    row.sig = sig;
    if (focused) {
      const again = row.tr.querySelector(`[data-action="${action}"], [data-link="${action}"]`)
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
