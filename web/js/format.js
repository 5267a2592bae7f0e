// How numbers, dates and names read on the page.

export function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b or c" */
export function either(items) {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}` : items.join("");
}

export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDate(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso || "";
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function titleCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

export function fieldLabel(field) {
  const pretty = titleCase(field.name.replace(/_/g, " "));
  return field.description && field.description.length <= 32 ? field.description : pretty;
}
