// The organisation's settings (GET/PUT /settings): country, date order, currency, its own campaigns and funds
// (one a line), and per field whether a bad value it does not need is a warning or rejects the row. Loaded when
// the panel is opened; the value dictionaries it holds are kept as they are.
import { api, describeError } from "./api.js";
import { $, h, showError } from "./dom.js";
import * as store from "./store.js";

// The fields whose bad values are warnings unless the organisation makes them errors.
const LEVEL_FIELDS = [["phone", "Phone number"], ["country", "Country"], ["postal_code", "Postal code"],
  ["campaign", "Campaign that is none of yours"], ["fund", "Fund that is none of yours"]];
// The organisation's lists: the settings' key, the textarea that edits it, the field it lists.
const LISTS = [["campaigns", "settings-campaigns", "campaign"], ["funds", "settings-funds", "fund"]];
const LEVELS = [["warning", "Import the row without it (a warning)"], ["error", "Reject the row (an error)"]];

let loaded = null;

export function setupSettings() {
  $("settings-levels").append(...LEVEL_FIELDS.map(([field, label]) => h("div", { class: "field inline" },
    h("label", { for: `level-${field}` }, label),
    h("select", { id: `level-${field}` }, LEVELS.map(([value, text]) => h("option", { value }, text))))));
  $("settings").addEventListener("toggle", () => { if ($("settings").open) loadSettings(); });
  $("settings-form").addEventListener("submit", saveSettings);
  store.onSessionEnd(() => { loaded = null; $("settings").open = false; });
}

// The form is disabled until the settings have loaded: what is typed before would be overwritten by them, and
// a form saved without them would replace the organisation's settings with blanks (a PUT replaces them all).
async function loadSettings() {
  showError($("settings-error"), "");
  setLoading(true);
  $("settings-status").textContent = "Loading the settings…";
  try {
    show(await api("GET", "/settings"));
    setLoading(false);
  } catch (error) {
    $("settings-status").textContent = "";
    showError($("settings-error"), describeError("The settings could not be loaded (close and open this panel to "
      + "try again)", error));
  }
}

function setLoading(loading) {
  $("settings-form").setAttribute("aria-busy", String(loading));
  for (const control of $("settings-form").elements) control.disabled = loading;
}

function show(settings) {
  loaded = settings;
  $("settings-country").value = settings.country || "";
  $("settings-date-order").value = settings.date_order || "";
  $("settings-currency").value = settings.currency || "";
  for (const [key, id] of LISTS) $(id).value = (settings[key] || []).join("\n");
  for (const [field] of LEVEL_FIELDS) $(`level-${field}`).value = settings.field_levels[field] || "warning";
  $("settings-status").textContent = settings.usual_date_order
    ? `Ambiguous dates are read ${settings.usual_date_order === "DMY" ? "day first" : "month first"}.`
    : "Ambiguous dates are asked for on each import.";
}

async function saveSettings(event) {
  event.preventDefault();
  showError($("settings-error"), "");
  const lists = Object.fromEntries(LISTS.map(([key, id]) => [key, linesOf($(id).value)]));
  // The dictionary of a list emptied here goes with it: the API refuses one for a field with no list.
  const emptied = new Set(LISTS.filter(([key]) => !lists[key].length).map(([, , field]) => field));
  const body = {
    country: $("settings-country").value.trim().toUpperCase() || null,
    date_order: $("settings-date-order").value || null,
    currency: $("settings-currency").value.trim().toUpperCase() || null,
    field_levels: Object.fromEntries(LEVEL_FIELDS.map(([field]) => [field, $(`level-${field}`).value])),
    dictionaries: Object.fromEntries(Object.entries(loaded?.dictionaries || {}).filter(([f]) => !emptied.has(f))),
    ...lists,
  };
  const focused = document.activeElement;
  setLoading(true);  // what is typed while saving would be overwritten by the answer
  try {
    show(await api("PUT", "/settings", body));
    $("settings-status").textContent = `Saved. ${$("settings-status").textContent}`;
  } catch (error) {
    showError($("settings-error"), describeError("The settings could not be saved", error));
  } finally {
    setLoading(false);
    if ($("settings-form").contains(focused)) focused.focus();  // disabling it had dropped the focus
  }
}

/** The non-blank lines of a list, trimmed. */
function linesOf(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}
