/**
 * Offline validation of a Teams app manifest against the official JSON schema for its
 * `manifestVersion`, as bundled in @microsoft/app-manifest (no network).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import AjvDraft04Module from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// Both packages are CommonJS with `exports.default`; this works under tsx and NodeNext types alike.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const require = createRequire(import.meta.url);

/** Folder holding one `v1.NN/MicrosoftTeams.schema.json` per manifest version. */
export const TEAMS_SCHEMA_DIR = join(
  dirname(require.resolve("@microsoft/app-manifest")),
  "json-schemas",
  "teams",
);

/** Manifest versions with a bundled schema, e.g. ["1.0", "1.1", …, "1.30", "devPreview"]. */
export function bundledManifestVersions(): string[] {
  return readdirSync(TEAMS_SCHEMA_DIR)
    .filter((d) => existsSync(join(TEAMS_SCHEMA_DIR, d, "MicrosoftTeams.schema.json")))
    .map((d) => (d === "vDevPreview" ? "devPreview" : d.replace(/^v/, "")))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export function schemaPathFor(manifestVersion: string): string {
  const folder = manifestVersion === "devPreview" ? "vDevPreview" : `v${manifestVersion}`;
  return join(TEAMS_SCHEMA_DIR, folder, "MicrosoftTeams.schema.json");
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(manifestVersion: string): ValidateFunction {
  let validate = validators.get(manifestVersion);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaPathFor(manifestVersion), "utf8")) as object;
    // Same settings as @microsoft/app-manifest's own validator: the schemas use draft-04,
    // the "uri", "email" and "regex" formats, and a few keywords ajv's strict mode rejects.
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv, ["uri", "email", "regex"]);
    validate = ajv.compile(schema);
    validators.set(manifestVersion, validate);
  }
  return validate;
}

/** The value at a JSON pointer such as "/bots/0/botId", or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function explain(error: ErrorObject, manifest: unknown): string {
  const where = error.instancePath || "(root)";
  const p = error.params as Record<string, unknown>;
  const got = () => ` (got ${JSON.stringify(valueAt(manifest, error.instancePath))})`;
  switch (error.keyword) {
    case "required":
      return `${where}: missing required property "${String(p["missingProperty"])}"`;
    case "additionalProperties":
      return `${where}: unknown property "${String(p["additionalProperty"])}"`;
    case "pattern": {
      const kind = /#\/definitions\/(guid|hexColor|semver|anyHttpUrl)\//.exec(error.schemaPath)?.[1];
      const expected =
        kind === "guid" ? "a GUID" :
        kind === "hexColor" ? "a colour like #00606B" :
        kind === "semver" ? "a version like 1.0.0" :
        kind === "anyHttpUrl" ? "an http(s) URL" :
        `text matching ${String(p["pattern"])}`;
      return `${where}: must be ${expected}${got()}`;
    }
    case "enum":
      return `${where}: must be one of ${JSON.stringify(p["allowedValues"])}${got()}`;
    case "const":
      return `${where}: must be ${JSON.stringify(p["allowedValue"])}${got()}`;
    case "maxLength":
    case "maxItems":
      return `${where}: ${error.message ?? "is too long"}${got()}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

function findPlaceholders(node: unknown, path: string, out: string[]): void {
  if (typeof node === "string") {
    const m = /\$\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/.exec(node);
    if (m) out.push(`${path || "(root)"}: unresolved placeholder \${{${m[1]}}} — set it before packaging`);
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => findPlaceholders(v, `${path}/${i}`, out));
  } else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) findPlaceholders(v, `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, out);
  }
}

/**
 * Validates a parsed manifest against the bundled official schema for its `manifestVersion`.
 * Returns human-readable errors, each starting with the JSON pointer of the offending value;
 * an empty array means the manifest is valid.
 */
export function validateManifest(manifest: unknown): string[] {
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    return ["(root): the manifest must be a JSON object"];
  }
  const version = (manifest as Record<string, unknown>)["manifestVersion"];
  if (typeof version !== "string") {
    return ['(root): missing required property "manifestVersion" (a string such as "1.30")'];
  }
  if (!existsSync(schemaPathFor(version))) {
    return [
      `/manifestVersion: no bundled schema for "${version}"; bundled versions are ${bundledManifestVersions().join(", ")}`,
    ];
  }
  const errors: string[] = [];
  const schemaUrl = (manifest as Record<string, unknown>)["$schema"];
  const schemaVersion = typeof schemaUrl === "string" ? /\/teams\/v([^/]+)\//.exec(schemaUrl)?.[1] : undefined;
  if (schemaVersion !== undefined && schemaVersion !== version) {
    errors.push(`/$schema: points at schema v${schemaVersion} but manifestVersion is "${version}"`);
  }
  findPlaceholders(manifest, "", errors);
  const validate = validatorFor(version);
  if (!validate(manifest)) {
    for (const e of validate.errors ?? []) {
      const message = explain(e, manifest);
      if (!errors.includes(message)) errors.push(message);
    }
  }
  return errors;
}
