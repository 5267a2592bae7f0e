// The Import page of the donor CRM: sign in, upload a file, map its columns, watch Past imports.
// Native ES modules, no build step, no dependencies; it talks to the HTTP API described in README.md.
// Each module renders its part of the page from the one store (store.js) and changes it only through it.
import { setupImportFilters } from "./import-filters.js";
import { setupImportRows } from "./import-rows.js";
import { setupImports } from "./imports.js";
import { setupLists } from "./lists.js";
import { setupRejectedRows } from "./rejected-rows.js";
import { openMapping, setupMapping } from "./mapping.js";
import { resumeSession, setupSession } from "./session.js";
import { setupSteps } from "./steps.js";
import { setupSettings } from "./settings.js";
import { setupTypes } from "./types.js";
import { setupUpload } from "./upload.js";

setupSession();
setupSteps();
setupTypes();
setupUpload();
setupMapping();
setupImportFilters();
setupImportRows();
setupImports({ onMap: openMapping });
setupLists();
setupRejectedRows();
setupSettings();
resumeSession();
