// The Import page of the donor CRM: sign in, upload a file, map its columns, watch Past imports.
// Plain ES module, no build step, no dependencies. It talks to the HTTP API described in README.md.
import config from "./config.js";

const API_BASE = (config.apiBaseUrl || "").replace(/\/+$/, "");
const POLL_MS = config.pollIntervalMs || 1500;
const IMPORTS_PAGE = config.importsPageSize || 20;
const CONTACTS_PAGE = config.contactsPageSize || 25;
const TOKEN_KEY = "donorImport.token";
const LISTS_KEY = "donorImport.lists";
const ACCEPTED = ["csv", "tsv", "txt", "xlsx"];
// An import still waiting for its file after this long was abandoned (the watchdog fails it after 15 min
// by default): stop polling for it.
const ABANDONED_UPLOAD_MS = 20 * 60 * 1000;
// Download links of the list view are presigned for a few minutes: older ones are fetched again on click.
const LINK_FRESH_MS = 4 * 60 * 1000;

const STAGES = {
  awaiting_upload: "Waiting for the file",
  mapping: "Waiting for column mapping",
  validating: "Validating rows",
  processing: "Processing",
  finalizing: "Finishing",
  done: "Done",
};

const $ = (id) => document.getElementById(id);

// What a session starts from; signing out returns to it.
const freshSession = () => ({
  types: new Map(),
  typesLoaded: null,
  imports: [],
  importsCursor: null,
  moreLoaded: false,
  fetchedAt: 0,
  refreshing: null,
  pollTimer: null,
  lastStatus: new Map(),
  rows: new Map(), // import_id -> {tr, sig}
  file: null,
  uploading: false,
  mapping: null, // {record, preview, spec}
  list: null, // {listId, cursor, record, count, shown}
});

const state = {
  token: null,
  generation: 0, // bumped on sign-out: async work of an earlier session stops
  ...freshSession(),
};

// ---------------------------------------------------------------------------------------------------
// Small helpers

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function announce(message) {
  const region = $("status");
  region.textContent = "";
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  setTimeout(() => { region.textContent = message; }, 30);
}

function showError(el, message) {
  el.textContent = message;
  el.hidden = !message;
}

function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatDate(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso || "";
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function titleCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

function fieldLabel(field) {
  const pretty = titleCase(field.name.replace(/_/g, " "));
  return field.description && field.description.length <= 32 ? field.description : pretty;
}

// ---------------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${state.token}` };
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
      signOut("Your sign-in was refused or has expired. Sign in again.");
    }
    throw error;
  }
  return data;
}

/** A sentence a person can read: what failed, and the API's own words. */
function describeError(what, error) {
  if (error instanceof ApiError) {
    if (error.status === 0) return `${what}: ${error.message}`;
    const kinds = { 400: "the request was refused", 404: "not found", 409: "conflict", 422: "not possible" };
    const kind = kinds[error.status] || `error ${error.status}`;
    return `${what} (${kind}): ${error.message}`;
  }
  return `${what}: ${error.message || error}`;
}

// ---------------------------------------------------------------------------------------------------
// Sign in / out

function tokenLabel(token) {
  const local = (config.localTokens || []).find((t) => t.token === token);
  if (local) return local.label;
  const claims = jwtClaims(token);
  if (claims) {
    const org = claims["custom:org_id"] || "no organisation";
    return claims.email ? `${claims.email} (${org})` : org;
  }
  return "token";
}

function jwtClaims(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(parts[1].length / 4) * 4, "="));
    return JSON.parse(decodeURIComponent(escape(json)));
  } catch {
    return null;
  }
}

function renderSignIn(message = "") {
  const choices = $("local-token-choices");
  choices.replaceChildren();
  const tokens = config.localTokens || [];
  $("local-tokens").hidden = tokens.length === 0;
  $("id-token-label").textContent = tokens.length
    ? "Or paste an ID token (in AWS: a Cognito ID token carrying custom:org_id)"
    : "ID token (a Cognito ID token carrying custom:org_id)";
  tokens.forEach((t, i) => {
    const id = `token-choice-${i}`;
    choices.append(radioChoice({ name: "local-token", id, value: t.token, checked: i === 0 },
      `${t.label} — `, h("code", {}, t.token)));
  });
  $("id-token").value = "";
  showError($("sign-in-error"), message);
  $("sign-in").hidden = false;
  $("app").hidden = true;
  $("session").hidden = true;
}

async function signIn(event) {
  event.preventDefault();
  const pasted = $("id-token").value.trim().replace(/^Bearer\s+/i, "");
  const chosen = document.querySelector('input[name="local-token"]:checked');
  const token = pasted || chosen?.value;
  if (!token) {
    showError($("sign-in-error"), "Choose an organisation or paste an ID token.");
    return;
  }
  const claims = jwtClaims(token);
  if (claims?.exp && claims.exp * 1000 < Date.now()) {
    showError($("sign-in-error"), "That ID token has expired: get a new one and paste it again.");
    return;
  }
  $("sign-in-button").disabled = true;
  state.token = token;
  try {
    await loadTypes();
  } catch (error) {
    state.token = null;
    const message = error instanceof ApiError && error.status === 401
      ? "That token was refused by the API. Check it and try again."
      : describeError("Signing in failed", error);
    renderSignIn(message);
    return;
  } finally {
    $("sign-in-button").disabled = false;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  startApp();
  announce(`Signed in as ${tokenLabel(token)}.`);
}

function startApp() {
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("session").hidden = false;
  $("session-who").textContent = tokenLabel(state.token);
  refreshImports().catch(() => {});
  $("import-type").focus();
}

function signOut(message = "") {
  if (!state.token && !sessionStorage.getItem(TOKEN_KEY)) return;
  state.generation += 1;
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(LISTS_KEY);
  clearTimeout(state.pollTimer);
  Object.assign(state, freshSession());
  $("imports-table").tBodies[0].replaceChildren();
  $("mapping").hidden = true;
  if ($("list-dialog").open) $("list-dialog").close();
  resetUploadForm();
  renderSignIn(message);
  announce(message || "Signed out.");
  $("sign-in-title").focus();
}

// ---------------------------------------------------------------------------------------------------
// Import types

async function loadTypes() {
  if (!state.typesLoaded) {
    state.typesLoaded = api("GET", "/import-types").then((answer) => {
      state.types = new Map(answer.items.map((t) => [t.name, t]));
      renderTypes();
    });
    state.typesLoaded.catch(() => { state.typesLoaded = null; });
  }
  return state.typesLoaded;
}

function renderTypes() {
  const select = $("import-type");
  const previous = select.value;
  select.replaceChildren(h("option", { value: "" }, "Choose an import type…"));
  for (const type of state.types.values()) {
    select.append(h("option", { value: type.name }, titleCase(type.name)));
  }
  if (state.types.has(previous)) select.value = previous;
  renderTypeHelp();
}

function requiredSummary(type) {
  const parts = type.fields.filter((f) => f.required).map((f) => f.name);
  for (const group of type.required_any || []) parts.push(`one of ${group.join(", ")}`);
  return parts.join("; ");
}

function renderTypeHelp() {
  const type = state.types.get($("import-type").value);
  const body = $("type-fields-body");
  body.replaceChildren();
  $("type-fields").hidden = !type;
  if (!type) {
    $("import-type-help").textContent = "What one row of your file is: a person, a gift, a pledge or a touch-point.";
    updateUploadButton();
    return;
  }
  $("import-type-help").textContent = `${type.description}. Required: ${requiredSummary(type)}.`;
  body.append(h("table", { class: "data compact" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Required"),
      h("th", { scope: "col" }, "Description"), h("th", { scope: "col" }, "Format"))),
    h("tbody", {}, type.fields.map((f) => h("tr", {},
      h("th", { scope: "row" }, h("code", {}, f.name)),
      h("td", {}, f.required ? "yes" : inGroup(type, f.name) ? "one of a group" : ""),
      h("td", {}, f.description), h("td", {}, f.format))))));
  if ((type.required_any || []).length) {
    body.append(h("p", { class: "help" },
      type.required_any.map((g) => `At least one of ${g.join(", ")} must be mapped.`).join(" ")));
  }
  updateUploadButton();
}

function inGroup(type, name) {
  return (type.required_any || []).some((group) => group.includes(name));
}

// ---------------------------------------------------------------------------------------------------
// Choosing and uploading a file

function extensionOf(name) {
  return name.includes(".") ? name.split(".").pop().toLowerCase() : "";
}

function setFile(file) {
  let error = "";
  if (file && !ACCEPTED.includes(extensionOf(file.name))) {
    error = `“${file.name}” is not a CSV, TSV, TXT or XLSX file. Choose a .csv, .tsv, .txt or .xlsx file.`;
  } else if (file && file.size === 0) {
    error = `“${file.name}” is empty.`;
  }
  state.file = file && !error ? file : null;
  $("file-chosen").textContent = state.file ? `Chosen: ${file.name} (${formatBytes(file.size)})` : "No file chosen.";
  showError($("upload-error"), error);
  updateUploadButton();
}

function updateUploadButton() {
  $("upload-button").disabled = state.uploading || !state.file || !state.types.has($("import-type").value);
}

function resetUploadForm() {
  state.file = null;
  $("file-input").value = "";
  $("file-chosen").textContent = "No file chosen.";
  updateUploadButton();
}

function setupDropZone() {
  const zone = $("drop-zone");
  const input = $("file-input");
  input.addEventListener("change", () => setFile(input.files[0] || null));
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      zone.classList.add("dragging");
    });
  }
  for (const name of ["dragleave", "dragend"]) {
    zone.addEventListener(name, (event) => {
      if (!zone.contains(event.relatedTarget)) zone.classList.remove("dragging");
    });
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const files = event.dataTransfer?.files;
    if (!files || !files.length) return;
    try {
      input.files = files; // keeps the native input in step where the browser allows it
    } catch {
      /* older browsers: the chosen file is kept in state only */
    }
    setFile(files[0]);
    if (state.file) announce(`File chosen: ${state.file.name}.`);
  });
}

function s3Message(xhr) {
  const text = xhr.responseText || "";
  let code = "";
  let message = "";
  try {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    code = doc.querySelector("Code")?.textContent || "";
    message = doc.querySelector("Message")?.textContent || "";
  } catch {
    /* not XML */
  }
  if (code === "EntityTooLarge") return "the file is larger than the upload limit.";
  if (/expired/i.test(message)) return "the upload link expired. Start the import again.";
  return message || code || `the file store answered ${xhr.status}.`;
}

function uploadToS3(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields || {})) form.append(name, value);
    form.append("file", file); // S3 wants every field before the file
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(s3Message(xhr)));
    });
    xhr.addEventListener("error", () => reject(new Error(
      "the file store could not be reached, or it refused this page's origin (CORS). "
      + "Locally, open the page at http://127.0.0.1:<port>, the origin the local stack allows.")));
    xhr.addEventListener("abort", () => reject(new Error("the upload was cancelled.")));
    xhr.send(form);
  });
}

function showUploadProgress(loaded, total) {
  const pct = total ? Math.round((loaded / total) * 100) : 0;
  $("upload-progress").value = pct;
  $("upload-progress-text").textContent = `${pct}% (${formatBytes(loaded)} of ${formatBytes(total)})`;
}

async function startUpload(event) {
  event.preventDefault();
  const file = state.file;
  const type = $("import-type").value;
  if (!file || !state.types.has(type) || state.uploading) return;
  const generation = state.generation;
  state.uploading = true;
  updateUploadButton();
  showError($("upload-error"), "");
  $("upload-progress-wrap").hidden = false;
  showUploadProgress(0, file.size);
  let created;
  try {
    created = await api("POST", "/imports", { import_type: type, file_name: file.name });
  } catch (error) {
    state.uploading = false;
    updateUploadButton();
    $("upload-progress-wrap").hidden = true;
    if (generation === state.generation) showError($("upload-error"), describeError("The import could not be started", error));
    return;
  }
  const record = created.import;
  upsertImports([record]);
  announce(`Uploading ${file.name}…`);
  try {
    await uploadToS3(created.upload, file, showUploadProgress);
  } catch (error) {
    if (generation === state.generation) {
      showError($("upload-error"), `The upload of “${file.name}” failed: ${error.message}`);
      announce(`The upload of ${file.name} failed.`);
    }
    return;
  } finally {
    state.uploading = false;
    updateUploadButton();
  }
  if (generation !== state.generation) return;
  showUploadProgress(file.size, file.size);
  $("upload-progress-text").textContent = `Uploaded ${file.name} (${formatBytes(file.size)}). Reading the file…`;
  announce(`Uploaded ${file.name}. Reading the file…`);
  resetUploadForm();
  watchUntilMapping(record.import_id, generation);
}

/** After an upload: wait for the file to be read, then open the mapping step. */
async function watchUntilMapping(importId, generation) {
  const deadline = Date.now() + 2 * 60 * 1000;
  while (Date.now() < deadline && generation === state.generation) {
    await sleep(600);
    if (generation !== state.generation) return;
    let record;
    try {
      record = await api("GET", `/imports/${encodeURIComponent(importId)}`);
    } catch {
      continue;
    }
    if (generation !== state.generation) return;
    upsertImports([record]);
    if (record.stage === "awaiting_upload") continue;
    $("upload-progress-wrap").hidden = true;
    if (record.stage === "mapping") {
      openMapping(record);
      announce(`${record.file_name} is read: map its columns.`);
    } else if (record.status === "Failed") {
      announce(`The import of ${record.file_name} failed: ${record.failure_reason || "no reason given"}.`);
    } else {
      announce(`Importing ${record.file_name}…`);
    }
    schedulePoll();
    return;
  }
}

// ---------------------------------------------------------------------------------------------------
// The mapping step

async function openMapping(recordOrId) {
  showError($("imports-error"), "");
  let record = recordOrId;
  try {
    if (typeof record === "string" || !record.preview) {
      const id = typeof record === "string" ? record : record.import_id;
      record = await api("GET", `/imports/${encodeURIComponent(id)}`);
      upsertImports([record]);
    }
    await loadTypes();
  } catch (error) {
    showError($("imports-error"), describeError("The import could not be opened", error));
    return;
  }
  if (record.stage !== "mapping" || !record.preview) {
    announce(`${record.file_name} is no longer waiting for a mapping (${STAGES[record.stage] || record.stage}).`);
    schedulePoll();
    return;
  }
  const spec = state.types.get(record.import_type);
  state.mapping = { record, preview: record.preview, spec };
  renderMapping();
  $("mapping").hidden = false;
  $("mapping-title").focus();
  $("mapping").scrollIntoView({ block: "start" });
}

function sampleValues(preview, header, count = 3) {
  const values = [];
  for (const row of preview.sample_rows || []) {
    const value = (row[header] ?? "").toString().trim();
    if (value) values.push(value.length > 40 ? value.slice(0, 39) + "…" : value);
    if (values.length >= count) break;
  }
  return values;
}

function renderMapping() {
  const { record, preview, spec } = state.mapping;
  const headers = preview.headers || [];
  $("mapping-title").textContent = `Map columns: ${record.file_name}`;
  $("mapping-intro").textContent =
    `${titleCase(record.import_type)} import. The file has ${plural(headers.length, "column")}. `
    + "Check the field each column fills; required fields are marked.";
  $("mapping-saved-note").hidden = !preview.saved_mapping_used;
  showError($("mapping-error"), "");

  const tbody = $("mapping-table").tBodies[0];
  tbody.replaceChildren();
  headers.forEach((header, index) => {
    const selectId = `map-${index}`;
    const headId = `map-head-${index}`;
    const select = h("select", { id: selectId, dataset: { header }, "aria-labelledby": `${headId} ${selectId}-label` },
      h("option", { value: "" }, "— ignore —"),
      spec.fields.map((f) => h("option", { value: f.name },
        `${fieldLabel(f)} (${f.name})${f.required ? " — required" : inGroup(spec, f.name) ? " — one of a required group" : ""}`)));
    const suggested = preview.suggested_mapping?.[header];
    select.value = suggested && spec.fields.some((f) => f.name === suggested) ? suggested : "";
    select.addEventListener("change", () => { updateMappingState(); schedulePreview(); });
    const samples = sampleValues(preview, header);
    tbody.append(h("tr", {},
      h("th", { scope: "row", id: headId }, header || h("em", {}, "(no header)")),
      h("td", { class: "samples" }, samples.length ? samples.join(" · ") : h("span", { class: "help" }, "(empty)")),
      h("td", {},
        h("label", { for: selectId, id: `${selectId}-label`, class: "visually-hidden" }, "field"),
        select)));
  });

  // Sample rows
  const sample = $("sample-rows");
  sample.tHead.replaceChildren(h("tr", {}, headers.map((hd) => h("th", { scope: "col" }, hd))));
  sample.tBodies[0].replaceChildren(...(preview.sample_rows || []).map((row) =>
    h("tr", {}, headers.map((hd) => h("td", {}, row[hd] ?? "")))));

  renderDateOrders(preview.date_order_needed || [], preview.date_orders || {});
  renderProblems(preview.problems || []);

  $("default-region").value = preview.default_region || "US";
  $("remember-mapping").checked = false;
  updateMappingState();
}

const DATE_ORDERS = [["DMY", "Day first (DMY), e.g. 31/03/2024"], ["MDY", "Month first (MDY), e.g. 03/31/2024"]];

/** A radio button with its label: attrs are the input's (name, id, value, checked…). */
function radioChoice(attrs, ...label) {
  return h("div", { class: "choice" }, h("input", { type: "radio", ...attrs }), h("label", { for: attrs.id }, ...label));
}

/** The fields more than one column is mapped to. */
function fieldsMappedTwice(mapping) {
  const used = Object.values(mapping).filter(Boolean);
  return [...new Set(used.filter((f, i) => used.indexOf(f) !== i))];
}

/** The phone country as the API takes it (2 letters), or null. */
function validRegion(region) {
  return /^[A-Za-z]{2}$/.test(region) ? region : null;
}

/** The date fields whose order must be asked, keeping any choice already made. */
function renderDateOrders(fields, known) {
  const dates = $("date-orders");
  const chosenBefore = {};
  dates.querySelectorAll("input:checked").forEach((r) => { chosenBefore[r.name.replace("date-order-", "")] = r.value; });
  dates.replaceChildren();
  for (const field of fields) {
    const name = `date-order-${field}`;
    const chosen = chosenBefore[field] || known[field];
    dates.append(h("fieldset", { class: "date-order", dataset: { field } },
      h("legend", {}, `Order of the dates in the ${field} field`),
      h("p", { class: "help date-example" }),
      h("div", { class: "choices" }, DATE_ORDERS.map(([value, label]) => radioChoice(
        { name, id: `${name}-${value.toLowerCase()}`, value, checked: chosen === value, required: true }, label)))));
  }
  dates.querySelectorAll("input[type=radio]").forEach((r) => r.addEventListener("change", updateMappingState));
}

/** The problems the mapping raises on the sample rows. */
function renderProblems(problems) {
  $("mapping-problems-wrap").hidden = problems.length === 0;
  $("mapping-problems").tBodies[0].replaceChildren(...problems.map((p) => h("tr", {},
    h("td", {}, p.row ?? ""), h("td", {}, p.field || "(row)"), h("td", {}, p.reason))));
}

let previewTimer = null;

/** Asks the API what the mapping as it now stands gives on the sample rows (POST /imports/{id}/preview). */
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 300);
}

async function refreshPreview() {
  if (!state.mapping) return;
  const { record } = state.mapping;
  const mapping = currentMapping();
  if (fieldsMappedTwice(mapping).length) return; // the page says so, and the API would refuse
  const region = validRegion($("default-region").value.trim());
  try {
    const tried = await api("POST", `/imports/${encodeURIComponent(record.import_id)}/preview`,
      { mapping, options: region ? { default_region: region } : {} });
    if (state.mapping?.record.import_id !== record.import_id) return;
    state.mapping.tried = true;
    renderDateOrders(tried.date_order_needed || [], tried.date_orders || {});
    renderProblems(tried.problems || []);
    updateMappingState();
  } catch (error) {
    // The mapping step still works without a fresh preview: the rows are checked when it is confirmed.
  }
}

function currentMapping() {
  const mapping = {};
  $("mapping-table").querySelectorAll("select").forEach((select) => {
    mapping[select.dataset.header] = select.value || null;
  });
  return mapping;
}

/** Required fields and "one of" groups not mapped, computed as the API does (mapping.missing_required). */
function missingRequired(mapping, spec) {
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = spec.fields.filter((f) => f.required && !mapped.has(f.name)).map((f) => ({ fields: [f.name] }));
  for (const group of spec.required_any || []) {
    if (!group.some((name) => mapped.has(name))) missing.push({ fields: group });
  }
  return missing;
}

function updateMappingState() {
  if (!state.mapping) return;
  const { preview, spec } = state.mapping;
  const mapping = currentMapping();
  const reasons = [];

  const missing = missingRequired(mapping, spec);
  const box = $("mapping-missing");
  box.replaceChildren();
  if (missing.length) {
    box.className = "callout warning";
    box.append(h("strong", {}, "Required fields not mapped yet:"), h("ul", { id: "missing-list" }, missing.map((m) =>
      h("li", {}, m.fields.length === 1 ? m.fields[0] : `one of ${m.fields.join(", ")}`))));
    reasons.push("map the required fields");
  } else {
    box.className = "callout ok";
    box.append("All required fields are mapped.");
  }

  const twice = fieldsMappedTwice(mapping);
  $("mapping-duplicates").hidden = twice.length === 0;
  $("mapping-duplicates").textContent = twice.length
    ? `More than one column is mapped to ${twice.join(", ")}: keep one column per field.` : "";
  if (twice.length) reasons.push("map each field from one column only");

  const dateOrders = {};
  document.querySelectorAll("#date-orders fieldset").forEach((set) => {
    const field = set.dataset.field;
    const header = Object.keys(mapping).find((hd) => mapping[hd] === field);
    set.hidden = !header;
    set.disabled = !header;
    const chosen = set.querySelector("input:checked");
    if (!header) return;
    const values = sampleValues(preview, header, 10);
    const example = values.find((v) => /^\d{1,2}\D\d{1,2}\D\d{2,4}/.test(v)) || values[0];
    set.querySelector(".date-example").textContent =
      `Column “${header}” has dates that read either way${example ? `, such as ${example}` : ""}.`;
    if (chosen) dateOrders[field] = chosen.value;
    else reasons.push(`choose the date order of ${field}`);
  });
  $("date-orders").hidden = !document.querySelector("#date-orders fieldset:not([hidden])");

  const region = $("default-region").value.trim();
  if (region && !validRegion(region)) reasons.push("give the phone country as 2 letters");

  $("mapping-problems-note").textContent = state.mapping.tried
    ? "Rows of the sample that your mapping would reject; they are listed in the error workbook after the import."
    : "Rows of the sample that the suggested mapping would reject; they are listed in the error workbook after the import.";

  const confirm = $("confirm-mapping");
  confirm.disabled = reasons.length > 0 || Boolean(state.mapping.stale);
  $("confirm-help").textContent = state.mapping.stale ? "This import is no longer waiting for a mapping."
    : reasons.length ? `To confirm, ${reasons.join(", ")}.` : "";
  state.mapping.chosen = { mapping, dateOrders, region };
}

async function confirmMapping(event) {
  event.preventDefault();
  if (!state.mapping || $("confirm-mapping").disabled) return;
  const { record } = state.mapping;
  const { mapping, dateOrders, region } = state.mapping.chosen;
  const options = {};
  if (Object.keys(dateOrders).length) options.date_orders = dateOrders;
  if (region) options.default_region = region.toUpperCase();
  const body = { mapping, save: $("remember-mapping").checked };
  if (Object.keys(options).length) body.options = options;
  $("confirm-mapping").disabled = true;
  showError($("mapping-error"), "");
  try {
    const updated = await api("PUT", `/imports/${encodeURIComponent(record.import_id)}/mapping`, body);
    closeMapping(false);
    upsertImports([updated]);
    announce(`Mapping confirmed. Importing ${updated.file_name}…`);
    schedulePoll();
    focusRowAction(updated.import_id, null);
  } catch (error) {
    showError($("mapping-error"), describeError("The mapping could not be confirmed", error));
    // 409: confirmed already (another tab or an API client): this step has nothing left to confirm.
    const confirmedElsewhere = error instanceof ApiError && error.status === 409;
    if (confirmedElsewhere) state.mapping.stale = true;
    updateMappingState();
    if (confirmedElsewhere) refreshImports().catch(() => {});
  }
}

function closeMapping(restoreFocus = true) {
  const id = state.mapping?.record.import_id;
  state.mapping = null;
  $("mapping").hidden = true;
  $("mapping-table").tBodies[0].replaceChildren();
  if (restoreFocus && id) focusRowAction(id, "map");
}

// ---------------------------------------------------------------------------------------------------
// Past imports

function upsertImports(records, { append = false } = {}) {
  for (const record of records) {
    const at = state.imports.findIndex((i) => i.import_id === record.import_id);
    if (at >= 0) state.imports[at] = { ...state.imports[at], ...record };
    else if (append) state.imports.push(record);
    else state.imports.unshift(record);
  }
  state.imports.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  noteFinished();
  renderImports();
}

function noteFinished() {
  for (const item of state.imports) {
    const before = state.lastStatus.get(item.import_id);
    if (before === "In Progress" && item.status !== "In Progress") {
      const parts = item.status === "Success"
        ? [`${item.rows_processed} rows imported`, `${item.rows_with_errors} with errors`, plural(item.contacts, "contact")]
        : [item.failure_reason || "no reason given"];
      announce(`Import of ${item.file_name} finished: ${item.status}. ${parts.join(", ")}.`);
    }
    state.lastStatus.set(item.import_id, item.status);
  }
}

function isActive(item) {
  if (item.status !== "In Progress" || item.stage === "mapping") return false; // mapping waits for a person
  if (item.stage === "awaiting_upload") return Date.now() - new Date(item.created_at).getTime() < ABANDONED_UPLOAD_MS;
  return true;
}

function schedulePoll() {
  if (state.pollTimer || !state.token) return;
  if (!state.imports.some(isActive)) return;
  const generation = state.generation;
  state.pollTimer = setTimeout(async () => {
    state.pollTimer = null;
    if (generation !== state.generation) return;
    refreshImports({ quiet: true }).catch(() => {}); // shown by refreshImports, which schedules the next tick
  }, POLL_MS);
}

async function refreshImports({ quiet = false } = {}) {
  if (state.refreshing) return state.refreshing;
  const generation = state.generation;
  state.refreshing = (async () => {
    try {
      const page = await api("GET", `/imports?limit=${IMPORTS_PAGE}`);
      if (generation !== state.generation) return;
      const ids = new Set(page.items.map((i) => i.import_id));
      const older = state.moreLoaded ? state.imports.filter((i) => !ids.has(i.import_id)) : [];
      // Running imports beyond the first page are fetched one by one.
      const running = older.filter(isActive);
      const fresh = await Promise.all(running.map((i) =>
        api("GET", `/imports/${encodeURIComponent(i.import_id)}`).catch(() => i)));
      if (generation !== state.generation) return;
      const byId = new Map(fresh.map((i) => [i.import_id, i]));
      state.imports = [...page.items, ...older.map((i) => byId.get(i.import_id) || i)];
      if (!state.moreLoaded) state.importsCursor = page.next_cursor;
      state.fetchedAt = Date.now();
      showError($("imports-error"), "");
      noteFinished();
      renderImports();
    } catch (error) {
      if (generation === state.generation && !(error instanceof ApiError && error.status === 401)) {
        showError($("imports-error"), describeError(quiet ? "The table could not be refreshed" : "Past imports could not be loaded", error));
      }
      throw error;
    } finally {
      state.refreshing = null;
    }
  })();
  try {
    await state.refreshing;
  } finally {
    schedulePoll();
  }
}

async function loadMoreImports() {
  if (!state.importsCursor) return;
  const button = $("more-imports");
  button.disabled = true;
  try {
    const page = await api("GET", `/imports?limit=${IMPORTS_PAGE}&cursor=${encodeURIComponent(state.importsCursor)}`);
    state.moreLoaded = true;
    state.importsCursor = page.next_cursor;
    upsertImports(page.items, { append: true });
    announce(page.next_cursor || page.items.length
      ? `${plural(page.items.length, "more import")} shown.` : "All imports are shown.");
    schedulePoll();
  } catch (error) {
    showError($("imports-error"), describeError("More imports could not be loaded", error));
  } finally {
    button.disabled = false;
  }
}

function listsById() {
  try {
    return JSON.parse(sessionStorage.getItem(LISTS_KEY) || "{}");
  } catch {
    return {};
  }
}

function rememberList(importId, list) {
  const lists = listsById();
  lists[importId] = list;
  sessionStorage.setItem(LISTS_KEY, JSON.stringify(lists));
}

/** What a row shows, without the presigned URLs (they change on every fetch but say the same). */
function rowSignature(item, list) {
  const { error_file_url: e, original_file_url: o, links_expire_at: _l, ...rest } = item;
  return JSON.stringify([rest, Boolean(e), Boolean(o), list || null]);
}

function progressOf(item) {
  if (item.stage === "processing" && item.batches_total > 0) {
    return { value: item.batches_done, max: item.batches_total,
      text: `${item.batches_done} of ${plural(item.batches_total, "batch", "batches")}`
        + (item.rows_total ? ` · ${item.rows_processed} of ${plural(item.rows_total, "row")} processed` : "") };
  }
  if (item.stage === "processing" && item.rows_total > 0) {
    return { value: item.rows_processed, max: item.rows_total, text: `${item.rows_processed} of ${plural(item.rows_total, "row")}` };
  }
  if (item.stage === "finalizing") return { value: 1, max: 1, text: "Writing the results" };
  if (item.stage === "validating") {
    return { value: null, max: 1, text: item.rows_total ? `${plural(item.rows_total, "row")} read` : "Reading the rows" };
  }
  return { value: null, max: 1, text: STAGES[item.stage] || item.stage };
}

function statusCell(item) {
  const cell = h("td", { class: "status-cell", dataset: { status: item.status, stage: item.stage } });
  const badgeClass = { "In Progress": "badge progress", Success: "badge ok", Failed: "badge failed" }[item.status] || "badge";
  cell.append(h("span", { class: badgeClass }, item.status));
  if (item.status === "In Progress") {
    cell.append(h("span", { class: "stage" }, ` · ${STAGES[item.stage] || item.stage}`));
    if (item.stage === "mapping") {
      cell.append(h("div", {}, rowButton("map", item, "Map columns", `Map columns of ${item.file_name}`)));
    } else {
      const p = progressOf(item);
      const bar = h("progress", { max: p.max, "aria-label": `Progress of ${item.file_name}` });
      if (p.value !== null) bar.value = p.value;
      cell.append(h("div", { class: "row-progress" }, bar, h("span", { class: "help" }, p.text)));
    }
  } else if (item.status === "Failed") {
    cell.append(h("p", { class: "failure" }, item.failure_reason || "No reason was given."));
    if (item.can_retry) {
      cell.append(rowButton("retry", item, "Retry", `Retry the import of ${item.file_name}`));
    }
  }
  if (item.duplicate_of) {
    cell.append(h("p", { class: "help" }, "This file was imported before."));
  }
  if (item.corrects_import_id) {
    cell.append(h("p", { class: "help" }, "Corrected rows of an earlier import."));
  }
  return cell;
}

/** Who ran the import (the token's user), under its date. */
function ranBy(item) {
  const who = item.created_by && (item.created_by.email || item.created_by.sub);
  return who ? h("div", { class: "help ran-by" }, `by ${who}`) : null;
}

function buildRow(tr, item, list) {
  tr.replaceChildren(
    h("td", {}, h("time", { datetime: item.created_at }, formatDate(item.created_at)), ranBy(item)),
    h("td", {}, titleCase(item.import_type)),
    statusCell(item),
    h("td", { class: "num errors-cell" },
      h("span", { class: "count" }, item.rows_with_errors ?? 0),
      item.error_file_url
        ? [" ", downloadLink("error", item, "Download", `Download the rejected rows of ${item.file_name} (Excel workbook)`)]
        : expiredMark(item.error_file_expired),
      item.errors_fixed ? h("div", { class: "help" }, `${item.errors_fixed} fixed since`) : null),
    h("td", { class: "num contacts-cell", title: `${item.contacts_created} created, ${item.contacts_updated} updated` },
      item.contacts ?? 0,
      item.contacts ? h("div", { class: "help" }, `${item.contacts_created} new, ${item.contacts_updated} updated`) : null),
    h("td", { class: "file-cell" },
      item.original_file_url
        ? downloadLink("original", item, item.file_name, `Download the original file ${item.file_name}`)
        : h("span", {}, item.file_name),
      expiredMark(item.original_file_expired)),
    h("td", { class: "list-cell" },
      list
        ? rowButton("view-list", item, `View list (${list.contact_count})`,
          `View list (${list.contact_count}) of the contacts from ${item.file_name}`, "small secondary")
        : item.can_load_to_list
          ? rowButton("create-list", item, "Create A List", `Create a list of the contacts of ${item.file_name}`)
          : h("span", { class: "help", "aria-label": "not offered" }, "—")),
  );
}

// A button of an import's row: the table's click handler acts on data-action for data-id.
function rowButton(action, item, text, label, cls = "small") {
  return h("button", { type: "button", class: cls, dataset: { action, id: item.import_id }, "aria-label": label }, text);
}

// link: "error" or "original", the import's link it shows (renewed in place, or fetched afresh when stale).
function downloadLink(link, item, text, label) {
  return h("a", { href: linkUrl(item, link), dataset: { link, id: item.import_id }, download: "", "aria-label": label },
    text);
}

function linkUrl(item, link) {
  return link === "error" ? item.error_file_url : item.original_file_url;
}

function expiredMark(expired) {
  return expired ? [" ", h("span", { class: "expired" }, "expired")] : null;
}

function renderImports() {
  const tbody = $("imports-table").tBodies[0];
  const lists = listsById();
  const wanted = new Set(state.imports.map((i) => i.import_id));
  for (const [id, row] of state.rows) {
    if (!wanted.has(id)) {
      row.tr.remove();
      state.rows.delete(id);
    }
  }
  let ref = tbody.firstChild;
  for (const item of state.imports) {
    const list = lists[item.import_id];
    const sig = rowSignature(item, list);
    let row = state.rows.get(item.import_id);
    if (!row) {
      row = { tr: h("tr", { dataset: { importId: item.import_id } }), sig: null };
      state.rows.set(item.import_id, row);
    }
    if (row.sig !== sig) {
      const focused = row.tr.contains(document.activeElement) ? document.activeElement : null;
      const action = focused?.dataset.action || focused?.dataset.link;
      buildRow(row.tr, item, list);
      row.sig = sig;
      if (focused) {
        const again = row.tr.querySelector(`[data-action="${action}"], [data-link="${action}"]`)
          || row.tr.querySelector("button, a");
        if (again) again.focus();
      }
    } else {
      // Same content: only the presigned links are renewed.
      for (const link of row.tr.querySelectorAll("a[data-link]")) {
        const url = linkUrl(item, link.dataset.link);
        if (url) link.href = url;
      }
    }
    if (row.tr === ref) ref = ref.nextSibling;
    else tbody.insertBefore(row.tr, ref);
  }
  $("imports-empty").hidden = state.imports.length > 0;
  $("more-imports").hidden = !state.importsCursor;
}

function focusRowAction(importId, action) {
  const row = state.rows.get(importId);
  if (!row) return;
  const target = (action && row.tr.querySelector(`[data-action="${action}"]`)) || null;
  if (target) target.focus();
  else $("past-imports-title").focus();
}

async function onImportsClick(event) {
  const link = event.target.closest("a[data-link]");
  if (link) {
    // Presigned links live a few minutes: an old one is fetched again (the detail view checks the file).
    if (Date.now() - state.fetchedAt > LINK_FRESH_MS) {
      event.preventDefault();
      try {
        const record = await api("GET", `/imports/${encodeURIComponent(link.dataset.id)}`);
        upsertImports([record]);
        state.fetchedAt = Date.now();
        const url = linkUrl(record, link.dataset.link);
        if (url) window.location.assign(url);
        else showError($("imports-error"), "That file is no longer kept (files are kept 7 days).");
      } catch (error) {
        showError($("imports-error"), describeError("The download link could not be renewed", error));
      }
    }
    return;
  }
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const id = button.dataset.id;
  const record = state.imports.find((i) => i.import_id === id);
  showError($("imports-error"), "");
  if (button.dataset.action === "map") {
    openMapping(id);
  } else if (button.dataset.action === "retry") {
    button.disabled = true;
    try {
      const updated = await api("POST", `/imports/${encodeURIComponent(id)}/retry`);
      upsertImports([updated]);
      announce(`Retrying the import of ${updated.file_name}…`);
      schedulePoll();
      focusRowAction(id, null);
    } catch (error) {
      button.disabled = false;
      showError($("imports-error"), describeError("The import could not be retried", error));
    }
  } else if (button.dataset.action === "create-list") {
    button.disabled = true;
    try {
      const created = await api("POST", `/imports/${encodeURIComponent(id)}/list`);
      rememberList(id, { list_id: created.list_id, contact_count: created.contact_count });
      renderImports();
      announce(`List created with ${plural(created.contact_count, "contact")}.`);
      openList(created.list_id, created.contact_count, record);
    } catch (error) {
      button.disabled = false;
      showError($("imports-error"), describeError("The list could not be created", error));
    }
  } else if (button.dataset.action === "view-list") {
    const list = listsById()[id];
    if (list) openList(list.list_id, list.contact_count, record);
  }
}

// ---------------------------------------------------------------------------------------------------
// A list's contacts

function contactName(c) {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ");
  return name || c.full_name || c.email || c.external_id || c.contact_id || "";
}

function contactAddress(c) {
  return [c.address_line1, c.address_line2, c.city, c.state, c.postal_code, c.country].filter(Boolean).join(", ");
}

async function openList(listId, count, record) {
  state.list = { listId, cursor: null, record, count, shown: 0 };
  $("list-title").textContent = `List from ${record ? record.file_name : "an import"}`;
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
  const list = state.list;
  if (!list) return;
  const button = $("more-contacts");
  button.disabled = true;
  const query = `limit=${CONTACTS_PAGE}${list.cursor ? `&cursor=${encodeURIComponent(list.cursor)}` : ""}`;
  try {
    const page = await api("GET", `/lists/${encodeURIComponent(list.listId)}/contacts?${query}`);
    if (state.list !== list) return;
    list.cursor = page.next_cursor;
    list.shown += page.items.length;
    $("list-contacts").tBodies[0].append(...page.items.map((c) => h("tr", {},
      h("td", {}, contactName(c)), h("td", {}, c.email || ""), h("td", {}, c.phone || ""),
      h("td", {}, contactAddress(c)), h("td", {}, (c.tags || []).join(", ")))));
    button.hidden = !page.next_cursor;
    announce(`${list.shown} of ${plural(list.count, "contact")} shown.`);
  } catch (error) {
    showError($("list-error"), describeError("The contacts could not be loaded", error));
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Start

function init() {
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut());
  $("import-type").addEventListener("change", renderTypeHelp);
  $("upload-form").addEventListener("submit", startUpload);
  $("mapping-form").addEventListener("submit", confirmMapping);
  $("default-region").addEventListener("input", () => { updateMappingState(); schedulePreview(); });
  $("close-mapping").addEventListener("click", () => {
    closeMapping(true);
    announce("Mapping left for later: use “Map columns” in Past imports.");
  });
  $("refresh-imports").addEventListener("click", () => refreshImports().then(
    () => announce("Past imports refreshed."), () => {}));
  $("more-imports").addEventListener("click", loadMoreImports);
  $("imports-table").addEventListener("click", onImportsClick);
  $("close-list").addEventListener("click", () => $("list-dialog").close());
  $("list-dialog").addEventListener("close", () => { state.list = null; });
  $("more-contacts").addEventListener("click", loadContacts);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.token) refreshImports({ quiet: true }).catch(() => {});
  });
  setupDropZone();
  renderTypeHelp();

  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    state.token = saved;
    startApp();
    loadTypes().catch((error) => showError($("upload-error"), describeError("Import types could not be loaded", error)));
  } else {
    renderSignIn();
  }
}

init();
