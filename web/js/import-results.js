// What a Past imports row shows of an import's results and what may be done next: progress in rows with the
// time left, contacts (a running figure while it runs), gifts by currency, its list, Cancel and the next step
// after a failure (the API's failure_kind and can_retry decide it).
import { h } from "./dom.js";
import { plural } from "./format.js";

const number = (n) => (n ?? 0).toLocaleString();

export function timeLeft(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 60) return "less than a minute left";
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `about ${plural(minutes, "minute")} left` : `about ${plural(Math.round(minutes / 60), "hour")} left`;
}

/** Progress while processing, in rows, with the time left once the API can estimate it. */
export function rowsProgress(item) {
  const done = (item.rows_processed ?? 0) + (item.rows_with_errors ?? 0);
  const left = timeLeft(item.seconds_left);
  return { value: done, max: item.rows_total,
    text: `${number(done)} of ${number(item.rows_total)} rows${left ? ` · ${left}` : ""}` };
}

/** The Contacts cell: the exact count once the import ended, "about N so far" while it runs. */
export function contactsFigure(item) {
  if (item.contacts_exact === false) {
    return [h("span", { class: "count" }, item.contacts_so_far ? `about ${number(item.contacts_so_far)}` : "0"),
      item.contacts_so_far ? h("div", { class: "help" }, "so far") : null];
  }
  return [h("span", { class: "count" }, number(item.contacts)),
    item.contacts ? h("div", { class: "help" }, `${number(item.contacts_created)} new, ${number(item.contacts_updated)} updated`) : null];
}

/** A donations import's gifts: "3 gifts · EUR 25.50 · USD 14.50". */
export function giftsLine(item) {
  if (item.gift_count === null || item.gift_count === undefined) return null;
  const totals = Object.entries(item.gift_totals || {}).map(([currency, total]) =>
    `${currency === "XXX" ? "" : `${currency} `}${Number(total).toLocaleString(undefined, { minimumFractionDigits: 2 })}`);
  return h("div", { class: "help gifts" }, [plural(item.gift_count, "gift"), ...totals].join(" · "));
}

/** The import's list as the server keeps it (every tab and colleague sees it), or null. */
export function listOf(item) {
  return item.list_id ? { list_id: item.list_id, contact_count: item.list_contact_count, state: item.list_state } : null;
}

/** After a failure, the buttons of what may be done next: Retry only when it can help (and, for a file refused
 * while the same file is being imported, Import anyway); a bad file needs a corrected one. */
export function failureNextSteps(item, button) {
  if (item.can_retry) {
    const retry = button("retry", "Retry", `Retry the import of ${item.file_name}`);
    return item.failure_kind === "duplicate_file"
      ? [retry, button("import-anyway", "Import anyway", `Import ${item.file_name} anyway, though it is the same file`)]
      : [retry];
  }
  if (item.failure_kind === "bad_file" || item.failure_kind === "no_valid_rows") {
    return [button("upload-corrected", "Upload a corrected file", `Upload a corrected file for ${item.file_name}`)];
  }
  return [];
}
