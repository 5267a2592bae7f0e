// The mapping step's switch "The first row is a header": what the preview says about the file's first row, and
// re-reading the preview the other way (PUT /imports/{id}/preview) when the user changes it.

import { api, describeError, url } from "./api.js";
import { $, announce, h, showError } from "./dom.js";

/** Shows the switch for this preview (under the mapping's intro); reread(preview) gets the re-read preview. */
export function renderHeaderRow(preview, importId, reread) {
  let box = $("header-row");
  if (!box) {
    box = h("div", { id: "header-row", class: "note" });
    $("mapping-saved-note").after(box);
  }
  const checkbox = h("input", { type: "checkbox", id: "header-row-switch" });
  checkbox.checked = preview.header_row !== false;
  const message = h("p", { id: "header-row-message" }, preview.header_row_message || "");
  message.hidden = !preview.header_row_message;
  checkbox.addEventListener("change", () => switchHeaderRow(importId, checkbox, reread));
  box.replaceChildren(h("label", {}, checkbox, " The first row is a header"), message);
}

async function switchHeaderRow(importId, checkbox, reread) {
  checkbox.disabled = true;
  try {
    const shown = await api("PUT", url`/imports/${importId}/preview`, { has_header_row: checkbox.checked });
    reread(shown);
    announce(checkbox.checked ? "The first row is read as the header." : "The first row is read as a record.");
  } catch (error) {
    checkbox.checked = !checkbox.checked;
    checkbox.disabled = false;
    showError($("mapping-error"), describeError("The file could not be read again", error));
  }
}
