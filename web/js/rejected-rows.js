// The rejected rows of one import, in a table under Past imports: filtered by field and by words of the reason,
// page by page (GET /imports/{id}/rejected-rows).
import { api, describeError, url } from "./api.js";
import { $, announce, h, showError } from "./dom.js";
import { fieldLabel, plural } from "./format.js";
import { focusRowAction } from "./import-rows.js";
import * as store from "./store.js";

const PAGE = 50;
let shown = 0; // numbers each opening, so that a page of an earlier one is dropped

export function setupRejectedRows() {
  const section = h("section", { id: "rejected-rows", class: "card", "aria-labelledby": "rejected-title", hidden: true },
    h("h2", { id: "rejected-title", tabindex: "-1" }, "Rejected rows"),
    h("form", { id: "rejected-filter", class: "filters", onsubmit: (event) => { event.preventDefault(); reload(); } },
      h("label", { for: "rejected-field" }, "Field"), h("select", { id: "rejected-field", onchange: reload }),
      h("label", { for: "rejected-reason" }, "Reason contains"), h("input", { id: "rejected-reason", type: "search" }),
      h("button", { type: "submit", class: "small secondary" }, "Filter"),
      h("button", { type: "button", class: "small secondary", onclick: hide }, "Hide rejected rows")),
    h("p", { id: "rejected-error", class: "error", role: "alert", hidden: true }),
    h("div", { class: "table-scroll", role: "region", "aria-label": "Rejected rows table", tabindex: "0" },
      h("table", { id: "rejected-table", class: "data" }, h("thead"), h("tbody"))),
    h("button", { id: "more-rejected", type: "button", class: "secondary", hidden: true, onclick: loadPage },
      "More rejected rows"));
  $("past-imports").after(section);
  store.onSessionEnd(close);
}

/** Opens the table for this import (its type's fields in the filter). */
export function showRejectedRows(record) {
  const type = store.get().rules?.types.get(record.import_type);
  $("rejected-field").replaceChildren(h("option", { value: "" }, "Any field"),
    ...(type?.fields || []).map((f) => h("option", { value: f.name }, fieldLabel(f))));
  $("rejected-reason").value = "";
  $("rejected-title").textContent = `Rejected rows of ${record.file_name}`;
  $("rejected-rows").hidden = false;
  store.update({ rejected: { importId: record.import_id, cursor: null } });
  reload().then(() => $("rejected-title").focus());
}

function close() {
  shown += 1;
  $("rejected-rows").hidden = true;
  store.update({ rejected: null });
}

/** Hide rejected rows: the table closes and the focus goes back to the row's Show button (not lost to the page). */
function hide() {
  const { rejected } = store.get();
  close();
  if (rejected) focusRowAction(rejected.importId, "show-rejected");
}

function reload() {
  shown += 1;
  const { rejected } = store.get();
  if (!rejected) return Promise.resolve();
  store.update({ rejected: { ...rejected, cursor: null } });
  $("rejected-table").tHead.replaceChildren();
  $("rejected-table").tBodies[0].replaceChildren();
  return loadPage();
}

async function loadPage() {
  const seq = shown;
  const { rejected } = store.get();
  const query = new URLSearchParams({ limit: PAGE });
  if (rejected.cursor) query.set("cursor", rejected.cursor);
  if ($("rejected-field").value) query.set("field", $("rejected-field").value);
  if ($("rejected-reason").value.trim()) query.set("reason", $("rejected-reason").value.trim());
  try {
    const page = await api("GET", `${url`/imports/${rejected.importId}/rejected-rows`}?${query}`);
    if (seq !== shown) return;
    store.update({ rejected: { ...rejected, cursor: page.next_cursor } });
    render(page.items);
    $("more-rejected").hidden = !page.next_cursor;
    const rows = $("rejected-table").tBodies[0].rows.length;
    announce(rows || page.next_cursor ? `${plural(rows, "rejected row")} shown.` : "No rejected rows match.", "past-imports");
    showError($("rejected-error"), "");
  } catch (error) {
    showError($("rejected-error"), describeError("The rejected rows could not be loaded", error));
  }
}

function render(items) {
  const table = $("rejected-table");
  if (!table.tHead.rows.length && items.length) {
    table.tHead.append(h("tr", {}, h("th", { scope: "col" }, "Row"), h("th", { scope: "col" }, "Reason"),
      items[0].cells.map((c) => h("th", { scope: "col" }, c.header))));
  }
  table.tBodies[0].append(...items.map((r) => h("tr", { dataset: { row: r.row } },
    h("td", { class: "num" }, r.row), h("td", { class: "reason" }, r.reason), r.cells.map((c) => h("td", {}, c.value)))));
}
