// Choosing a file (input or drop zone), uploading it straight to S3 with a progress bar, and waiting for
// the file to be read before the mapping step opens.
import { api, describeError, url } from "./api.js";
import { $, announce, showError } from "./dom.js";
import { either, formatBytes } from "./format.js";
import { schedulePoll, upsertImports } from "./imports.js";
import { openMapping } from "./mapping.js";
import { fileRefusal } from "./rules.js";
import * as store from "./store.js";
import { selectedType } from "./types.js";

export function setupUpload() {
  $("upload-form").addEventListener("submit", startUpload);
  setupDropZone();
  store.subscribe((now, before) => {
    if (now.rules !== before.rules) renderAcceptedTypes(now.rules);
    renderUploadButton(now);
  });
  store.onSessionEnd(resetUploadForm);
}

function renderAcceptedTypes(rules) {
  const types = rules?.acceptedFileTypes || [];
  $("file-types").textContent = types.length ? ` (${either(types.map((t) => `.${t}`))})` : "";
  $("file-input").accept = types.map((t) => `.${t}`).join(",");
}

function renderUploadButton(state) {
  $("upload-button").disabled = state.uploading || !state.file || !selectedType(state);
}

function setFile(file) {
  const error = file ? fileRefusal(store.get().rules, file) : "";
  const chosen = file && !error ? file : null;
  store.update(chosen ? { file: chosen, following: null } : { file: null });
  $("file-chosen").textContent = chosen ? `Chosen: ${file.name} (${formatBytes(file.size)})` : "No file chosen.";
  showError($("upload-error"), error);
}

function resetUploadForm() {
  if (store.get().file) store.update({ file: null });
  $("file-input").value = "";
  $("file-chosen").textContent = "No file chosen.";
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
      /* older browsers: the chosen file is kept in the store only */
    }
    setFile(files[0]);
    const { file } = store.get();
    if (file) announce(`File chosen: ${file.name}.`, "new-import");
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
  const { file, importType, uploading, generation } = store.get();
  if (!file || !selectedType(store.get()) || uploading) return;
  store.update({ uploading: true });
  showError($("upload-error"), "");
  $("upload-progress-wrap").hidden = false;
  showUploadProgress(0, file.size);
  let created;
  try {
    created = await api("POST", "/imports", { import_type: importType, file_name: file.name });
  } catch (error) {
    store.update({ uploading: false });
    $("upload-progress-wrap").hidden = true;
    if (generation === store.get().generation) showError($("upload-error"), describeError("The import could not be started", error));
    return;
  }
  const record = created.import;
  upsertImports([record]);
  announce(`Uploading ${file.name}…`, "new-import");
  try {
    await uploadToS3(created.upload, file, showUploadProgress);
  } catch (error) {
    if (generation === store.get().generation) {
      showError($("upload-error"), `The upload of “${file.name}” failed: ${error.message}`);
      announce(`The upload of ${file.name} failed.`, "new-import");
    }
    return;
  } finally {
    store.update({ uploading: false });
  }
  if (generation !== store.get().generation) return;
  showUploadProgress(file.size, file.size);
  $("upload-progress-text").textContent = `Uploaded ${file.name} (${formatBytes(file.size)}). Reading the file…`;
  announce(`Uploaded ${file.name}. Reading the file…`, "new-import");
  resetUploadForm();
  watchUntilMapping(record.import_id, generation);
}

/** A failure where the user just uploaded: why, and what to do (a bad file needs a corrected one). */
function failureInUploadCard(record) {
  const why = `The import of ${record.file_name} failed: ${record.failure_reason || "no reason given"}.`;
  const bad = record.failure_kind === "bad_file" || record.failure_kind === "no_valid_rows";
  return bad ? `${why} Upload a corrected file.` : record.can_retry ? `${why} Retry it from Past imports.` : why;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** After an upload: wait for the file to be read, then open the mapping step. */
async function watchUntilMapping(importId, generation) {
  const current = () => generation === store.get().generation;
  const deadline = Date.now() + 2 * 60 * 1000;
  while (Date.now() < deadline && current()) {
    await sleep(600);
    if (!current()) return;
    let record;
    try {
      record = await api("GET", url`/imports/${importId}`);
    } catch {
      continue;
    }
    if (!current()) return;
    upsertImports([record]);
    if (record.stage === "awaiting_upload") continue;
    $("upload-progress-wrap").hidden = true;
    if (record.stage === "mapping") {
      openMapping(record);
      announce(`${record.file_name} is read: map its columns.`, "mapping");
    } else if (record.status === "Failed") {
      // Said (an alert) in the upload card the user just used, not only in Past imports further down.
      showError($("upload-error"), failureInUploadCard(record));
    } else {
      store.update({ following: importId });
      announce(`Importing ${record.file_name}…`, "new-import");
    }
    schedulePoll();
    return;
  }
}
