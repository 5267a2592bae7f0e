// The server's rules as GET /import-types states them (accepted file types, stages, required fields),
// and what they say about a file or a mapping. The page copies none of them.
import { either, fieldLabel } from "./format.js";

/** The answer of GET /import-types as the store keeps it. */
export function rulesFrom(answer) {
  return {
    types: new Map(answer.items.map((t) => [t.name, t])),
    stages: answer.stages,
    acceptedFileTypes: answer.accepted_file_types,
  };
}

export function stageLabel(rules, stage) {
  return rules?.stages[stage] || stage;
}

export function extensionOf(name) {
  return name.includes(".") ? name.split(".").pop().toLowerCase() : "";
}

/** Why the file cannot be imported, or "" (before the rules are known, the API judges it). */
export function fileRefusal(rules, file) {
  const accepted = rules?.acceptedFileTypes;
  if (accepted && !accepted.includes(extensionOf(file.name))) {
    return `“${file.name}” is not a ${either(accepted.map((t) => t.toUpperCase()))} file. `
      + `Choose a ${either(accepted.map((t) => `.${t}`))} file.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  return "";
}

export function inGroup(type, name) {
  return (type.required_any || []).some((group) => group.includes(name));
}

/** A field's label as the type names it (its code when the type has no such field). */
export function labelOf(type, name) {
  const field = type.fields.find((f) => f.name === name);
  return field ? fieldLabel(field) : name;
}

export function requiredSummary(type) {
  const parts = type.fields.filter((f) => f.required).map(fieldLabel);
  for (const group of type.required_any || []) parts.push(`one of ${group.map((name) => labelOf(type, name)).join(", ")}`);
  return parts.join("; ");
}

/** The type's required fields, and its "one of" groups, that the mapping leaves unmapped. */
export function missingRequired(mapping, type) {
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = type.fields.filter((f) => f.required && !mapped.has(f.name)).map((f) => ({ fields: [f.name] }));
  for (const group of type.required_any || []) {
    if (!group.some((name) => mapped.has(name))) missing.push({ fields: group });
  }
  return missing;
}
