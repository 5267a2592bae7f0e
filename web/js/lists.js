// The dialog that shows the list of an import (Load to List; the import says whether it has one) page by page,
// with each contact's gifts.
import config from "../config.js";
import { api, describeError, url } from "./api.js";
import { $, announce, h, showError } from "./dom.js";
import { formatCount, formatDate, plural } from "./format.js";
import { focusRowAction } from "./import-rows.js";
import { giftsLine } from "./import-results.js";
import * as store from "./store.js";

const CONTACTS_PAGE = config.contactsPageSize || 25;

let opened = 0; // numbers each opening of the dialog, so that a page of an earlier one is dropped
let opener = null; // the control that opened the dialog, which has the focus back when it closes

export function setupLists() {
  $("close-list").addEventListener("click", () => $("list-dialog").close());
  $("list-dialog").addEventListener("close", () => {
    const record = store.get().list?.record;
    store.update({ list: null });
    returnFocus(record);
  });
  $("more-contacts").addEventListener("click", loadContacts);
  store.onSessionEnd(() => {
    if ($("list-dialog").open) $("list-dialog").close();
  });
}

function contactName(c) {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ");
  return name || c.full_name || c.email || c.external_id || c.contact_id || "";
}

function contactAddress(c) {
  return [c.address_line1, c.address_line2, c.city, c.state, c.postal_code, c.country].filter(Boolean).join(", ");
}

/** The focus goes back to the control that opened the dialog; when its row was rebuilt meanwhile (Create A List
 * became View list), to the row's View list button. */
function returnFocus(record) {
  const from = opener;
  opener = null;
  if (from?.isConnected) from.focus();
  else if (record) focusRowAction(record.import_id, "view-list");
}

/** Opens the dialog of a list; from: the control that asked for it (the focus returns to it). */
export async function openList(listId, count, record, from) {
  opened += 1;
  opener = from;
  store.update({ list: { seq: opened, listId, cursor: null, record, count, shown: 0 } });
  $("list-title").textContent = record?.list_name || `List from ${record ? record.file_name : "an import"}`;
  $("list-summary").textContent = `${plural(count, "contact")} that the import`
    + `${record ? ` of ${record.file_name} (${formatDate(record.created_at)})` : ""} created or updated.`;
  $("list-contacts").tBodies[0].replaceChildren();
  showError($("list-error"), "");
  $("more-contacts").hidden = true;
  const dialog = $("list-dialog");
  if (!dialog.open) dialog.showModal();
  await loadContacts();
  $("close-list").focus();
}

async function loadContacts() {
  const list = store.get().list;
  if (!list) return;
  const button = $("more-contacts");
  button.disabled = true;
  const query = `limit=${CONTACTS_PAGE}${list.cursor ? `&cursor=${encodeURIComponent(list.cursor)}` : ""}`;
  try {
    const page = await api("GET", `${url`/lists/${list.listId}/contacts`}?${query}`);
    if (store.get().list?.seq !== list.seq) return;
    const shown = list.shown + page.items.length;
    store.update({ list: { ...list, cursor: page.next_cursor, shown } });
    $("list-contacts").tBodies[0].append(...page.items.map((c) => h("tr", {},
      h("td", {}, contactName(c)), h("td", {}, c.email || ""), h("td", {}, c.phone || ""),
      h("td", {}, contactAddress(c)), h("td", {}, (c.tags || []).join(", ")),
      h("td", { class: "gifts" }, giftsLine({ gift_count: c.gift_count, gift_totals: c.gift_totals })))));
    button.hidden = !page.next_cursor;
    announce(`${formatCount(shown)} of ${plural(list.count, "contact")} shown.`, "list");
  } catch (error) {
    showError($("list-error"), describeError("The contacts could not be loaded", error));
  } finally {
    button.disabled = false;
  }
}
