// How a date written as digits reads in the order chosen: "03/04/2026" day first is 3 April 2026.
import { formatLongDate } from "./format.js";

const NUMERIC = /^(\d{1,2})\D(\d{1,2})\D(\d{2}|\d{4})\b/;

/** The date the sample stands for in order "DMY" or "MDY", written out; null when it is no such date.
 * A two-digit year is left out (how it reads is the server's rule, not the page's). */
export function dateReading(text, order) {
  const parts = NUMERIC.exec(text.trim());
  if (!parts) return null;
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), parts[3]];
  const [day, month] = order === "DMY" ? [first, second] : [second, first];
  const full = formatLongDate(year.length === 4 ? Number(year) : 2000, month, day);
  if (!full) return null;
  return year.length === 4 ? full : full.replace(/\s\d{4}$/, "");
}
