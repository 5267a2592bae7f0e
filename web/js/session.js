// Signing in (a local development token or a pasted ID token, checked by loading the import types) and out.
import config from "../config.js";
import { describeError, isUnauthorized, onUnauthorized } from "./api.js";
import { $, announce, h, radioChoice, showError } from "./dom.js";
import { refreshImports } from "./imports.js";
import * as store from "./store.js";
import { loadTypes } from "./types.js";

const TOKEN_KEY = "donorImport.token";

// The development tokens the local stack offers (config.localTokensUrl), each with the organisation and
// user it stands for; none where the page is hosted apart from it.
let localTokens = null;

function loadLocalTokens() {
  if (!localTokens) {
    localTokens = config.localTokensUrl
      ? fetch(config.localTokensUrl).then((answer) => (answer.ok ? answer.json() : []), () => [])
      : Promise.resolve([]);
  }
  return localTokens;
}

export function setupSession() {
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut());
  onUnauthorized(signOut);
}

/** Resumes the session this tab signed in to, or shows the sign-in form. */
export async function resumeSession() {
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (!saved) {
    await renderSignIn();
    return;
  }
  store.update({ token: saved });
  await startApp();
  loadTypes().catch((error) => showError($("upload-error"), describeError("Import types could not be loaded", error)));
}

/** "data-manager@org-a.example (org-a)" */
async function tokenLabel(token) {
  const local = (await loadLocalTokens()).find((t) => t.token === token);
  if (local) return `${local.email} (${local.org_id})`;
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

async function renderSignIn(message = "") {
  showError($("sign-in-error"), message);
  $("sign-in").hidden = false;
  $("app").hidden = true;
  $("session").hidden = true;
  $("id-token").value = "";
  const tokens = await loadLocalTokens();
  const choices = $("local-token-choices");
  choices.replaceChildren();
  $("local-tokens").hidden = tokens.length === 0;
  // Without development tokens a pasted token is the only way in: the disclosure starts open.
  $("token-sign-in").open = tokens.length === 0;
  $("id-token-label").textContent = tokens.length
    ? "Or paste an ID token (in AWS: a Cognito ID token carrying custom:org_id)"
    : "ID token (a Cognito ID token carrying custom:org_id)";
  tokens.forEach((t, i) => {
    const id = `token-choice-${i}`;
    choices.append(radioChoice({ name: "local-token", id, value: t.token, checked: i === 0 },
      h("strong", {}, t.org_id), ` · signs in as ${t.email} · token `, h("code", {}, t.token)));
  });
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
  $("sign-in-button").textContent = "Signing in…";
  store.update({ token });
  try {
    await loadTypes();
  } catch (error) {
    store.update({ token: null });
    const message = isUnauthorized(error)
      ? "That token was refused by the API. Check it and try again."
      : describeError("Signing in failed", error);
    renderSignIn(message);
    return;
  } finally {
    $("sign-in-button").disabled = false;
    $("sign-in-button").textContent = "Sign in";
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  await startApp();
  announce(`Signed in as ${await tokenLabel(token)}.`);
}

async function startApp() {
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("session").hidden = false;
  refreshImports().catch(() => {});
  $("import-type").focus();
  $("session-who").textContent = await tokenLabel(store.get().token);
}

/** Ends the session: the store starts afresh and each view drops what it kept of the session. */
function signOut(message = "") {
  if (!store.get().token && !sessionStorage.getItem(TOKEN_KEY)) return;
  sessionStorage.removeItem(TOKEN_KEY);
  store.update((state) => ({ ...store.freshSession(), token: null, generation: state.generation + 1 }));
  renderSignIn(message);
  announce(message || "Signed out.");
  $("sign-in-title").focus();
}
