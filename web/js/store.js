// The one state of the page. Only update() changes it; views subscribe and render from it.
// Each state is frozen, and so is each object or array it holds, so code that changes one in place
// fails loudly (modules run in strict mode) instead of leaving a view out of step.

// What a session starts from; signing out returns to it.
export const freshSession = () => ({
  rules: null, // {types: Map name -> import type, stages: {stage: label}, acceptedFileTypes: [...]}, from the API
  imports: [],
  importsLoading: false, // the first page of Past imports is on its way
  importsFilter: { text: "", type: "", status: "", from: "", to: "" }, // what Past imports shows of them
  importsCursor: null,
  moreLoaded: false,
  fetchedAt: 0,
  file: null,
  uploading: false,
  following: null, // the import_id this tab confirmed last and follows in Past imports (the Import step)
  mapping: null, // {record, preview, spec, asked, tried, stale, chosen}
  list: null, // {seq, listId, cursor, record, count, shown}
  rejected: null, // {importId, cursor}: the rejected rows shown under Past imports
});

let state = freeze({
  token: null,
  generation: 0, // bumped on sign-out: async work of an earlier session stops
  importType: "", // the Import type chosen (kept across sessions, as the select keeps it)
  ...freshSession(),
});
const listeners = new Set();

function freeze(value) {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === "object" && !(inner instanceof Map) && !(inner instanceof Blob)) {
      Object.freeze(inner);
    }
  }
  return Object.freeze(value);
}

export function get() {
  return state;
}

/** change: the fields to replace, or a function of the state that returns them. */
export function update(change) {
  const previous = state;
  const patch = typeof change === "function" ? change(previous) : change;
  state = freeze({ ...previous, ...patch });
  for (const listener of listeners) listener(state, previous);
}

/** listener(state, previous) runs after every update; returns the function that unsubscribes it. */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs reset() whenever a session ends (sign-out), for the views to drop what they keep of it. */
export function onSessionEnd(reset) {
  return subscribe((now, before) => {
    if (now.generation !== before.generation) reset();
  });
}
