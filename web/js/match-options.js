// What an import matches rows to stored contacts on, and what a match changes: two selects on the mapping step.
import { $, h } from "./dom.js";

const CHOICES = {
  match_rule: ["Match on", [
    ["standard", "External id, then email, then phone, then name and address"],
    ["email", "Email only"],
    ["external_id", "External id only"],
    ["never", "Never match: every row is a new contact"],
  ]],
  update_mode: ["When a row matches a contact", [
    ["update", "Update it: values in the file replace stored ones"],
    ["fill_empty", "Fill only its empty fields"],
    ["keep", "Don't change it: only link the row's record to it"],
  ]],
};

/** The two selects, set to the import's options (or the defaults), in the #match-options container. */
export function renderMatchOptions(options = {}) {
  $("match-options").replaceChildren(...Object.entries(CHOICES).map(([name, [label, choices]]) =>
    h("div", { class: "field inline" },
      h("label", { for: `option-${name}` }, label),
      h("select", { id: `option-${name}` },
        ...choices.map(([value, text]) => h("option", { value, selected: value === options?.[name] }, text))))));
}

/** The options as chosen: { match_rule, update_mode }. */
export function matchOptions() {
  return Object.fromEntries(Object.keys(CHOICES).map((name) => [name, $(`option-${name}`).value]));
}
