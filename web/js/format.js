// How numbers, dates and names read on the page.

const COUNT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** 58800 -> "58,800" (the reader's own separators). */
export function formatCount(n) {
  return COUNT.format(n ?? 0);
}

export function plural(n, one, many = one + "s") {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "a, b or c" */
export function either(items) {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}` : items.join("");
}

export function formatBytes(n) {
  if (n < 1024) return `${formatCount(n)} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDate(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso || "";
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A date short enough for a phone's line: "2 Dec, 03:04" this year, "2 Dec 2025" before. */
export function formatShortDate(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso || "";
  const thisYear = when.getFullYear() === new Date().getFullYear();
  return thisYear
    ? when.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
    : when.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** A calendar date written out: "2026-04-03" -> "3 April 2026". */
export function formatLongDate(year, month, day) {
  const when = new Date(Date.UTC(year, month - 1, day));
  if (when.getUTCMonth() !== month - 1) return null;
  return when.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function titleCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

/** The words a data manager reads for a field; its code (what the API takes) goes in a tooltip. */
export function fieldLabel(field) {
  const pretty = titleCase(field.name.replace(/_/g, " "));
  return field.description && field.description.length <= 32 ? field.description : pretty;
}
