// The HTTP API client: the signed-in token as a Bearer header, JSON in and out, errors as ApiError.
import config from "../config.js";
import * as store from "./store.js";

const API_BASE = (config.apiBaseUrl || "").replace(/\/+$/, "");

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorized = () => {};

/** What to do when the API refuses the token (401): the session module signs out. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${store.get().token}` };
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let answer;
  try {
    answer = await fetch(API_BASE + path, init);
  } catch (error) {
    throw new ApiError(0, "network", `The API could not be reached (${error.message}). Check your connection and the apiBaseUrl in config.js.`);
  }
  const text = await answer.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!answer.ok) {
    const code = data?.error?.code || (answer.status === 401 ? "unauthorized" : `http_${answer.status}`);
    const message = data?.error?.message || data?.message || text || answer.statusText || `HTTP ${answer.status}`;
    const error = new ApiError(answer.status, code, message);
    if (answer.status === 401) {
      unauthorized("Your sign-in was refused or has expired. Sign in again.");
    }
    throw error;
  }
  return data;
}

/** A path with its parts escaped: url`/imports/${id}/retry`. */
export function url(strings, ...parts) {
  return strings.reduce((out, s, i) => out + s + (i < parts.length ? encodeURIComponent(parts[i]) : ""), "");
}

export const isUnauthorized = (error) => error instanceof ApiError && error.status === 401;

/** A sentence a person can read: what failed, and the API's own words. */
export function describeError(what, error) {
  if (error instanceof ApiError) {
    if (error.status === 0) return `${what}: ${error.message}`;
    const kinds = { 400: "the request was refused", 404: "not found", 409: "conflict", 422: "not possible" };
    const kind = kinds[error.status] || `error ${error.status}`;
    return `${what} (${kind}): ${error.message}`;
  }
  return `${what}: ${error.message || error}`;
}
