/**
 * Builds the Teams app package (a zip with manifest.json, color.png and outline.png at its root)
 * from the files in manifest/. Pure apart from reading those files; `package.ts` is the CLI.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yazl from "yazl";
import { decodePng, readPngHeader } from "./png.js";
import { validateManifest } from "./validate-manifest.js";

export const MANIFEST_DIR = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_FILE_NAME = "nscp-engage.zip";

const GUID_RE = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export function isGuid(value: string): boolean {
  return GUID_RE.test(value);
}

/** A package build that cannot go ahead; `problems` lists every reason, one per line. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(`${message}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PackageError";
  }
}

/**
 * Replaces `${{NAME}}` placeholders in the manifest text with `values[NAME]` (JSON-escaped).
 * Unknown placeholders are left in place; validateManifest() reports them.
 */
export function substitutePlaceholders(manifestText: string, values: Readonly<Record<string, string>>): string {
  return manifestText.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
}

/**
 * Minimal .env reader: `KEY=value` lines, optional `export `, `#` comments, optional
 * single or double quotes around the value. No variable expansion.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, "").trim();
    out[m[1]] = value;
  }
  return out;
}

export interface PackageFile {
  name: string;
  data: Buffer;
}

/** Zips `files` at the archive root (deflated, fixed timestamps so the same input gives the same entries). */
export function zipFiles(files: readonly PackageFile[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    for (const f of files) zip.addBuffer(f.data, f.name, { mtime: new Date(Date.UTC(2025, 0, 1)), mode: 0o100644 });
    zip.end();
  });
}

const ICON_RULES = [
  { key: "color", size: 192, what: "full-colour icon" },
  { key: "outline", size: 32, what: "outline icon" },
] as const;

/** Checks the icons the manifest names; returns problems and the files to pack. */
function readIcons(manifest: Record<string, unknown>, manifestDir: string): { problems: string[]; files: PackageFile[] } {
  const problems: string[] = [];
  const files: PackageFile[] = [];
  const icons = (manifest["icons"] ?? {}) as Record<string, unknown>;
  for (const { key, size, what } of ICON_RULES) {
    const name = icons[key];
    if (typeof name !== "string") continue; // the schema check already reports it
    if (basename(name) !== name) {
      problems.push(`/icons/${key}: "${name}" must be a file name at the package root, without folders`);
      continue;
    }
    let data: Buffer;
    try {
      data = readFileSync(join(manifestDir, name));
    } catch {
      problems.push(`/icons/${key}: ${join(manifestDir, name)} does not exist (run npx tsx manifest/make-icons.ts)`);
      continue;
    }
    try {
      const { width, height } = readPngHeader(data);
      if (width !== size || height !== size) {
        problems.push(`/icons/${key}: the ${what} ${name} is ${width}×${height}; Teams needs ${size}×${size}`);
      }
      if (key === "outline") {
        const { rgba } = decodePng(data);
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3] !== 0 && (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255)) {
            problems.push(`/icons/${key}: the outline icon ${name} must be white on transparent only`);
            break;
          }
        }
      }
    } catch (e) {
      problems.push(`/icons/${key}: ${name} is not a usable PNG (${(e as Error).message})`);
      continue;
    }
    files.push({ name, data });
  }
  return { problems, files };
}

export interface BuiltPackage {
  zip: Buffer;
  /** The manifest as packed, with placeholders substituted. */
  manifest: Record<string, unknown>;
  files: PackageFile[];
}

/**
 * Substitutes the bot id into manifest/manifest.json, validates the result against the bundled
 * official schema and checks the icons, then zips manifest.json and the icons.
 * Throws PackageError listing every problem if anything is wrong.
 */
export async function buildPackage(options: { botId: string; manifestDir?: string }): Promise<BuiltPackage> {
  const manifestDir = options.manifestDir ?? MANIFEST_DIR;
  if (!isGuid(options.botId)) {
    throw new PackageError("Cannot build the app package", [
      `the bot id "${options.botId}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`,
    ]);
  }
  const text = substitutePlaceholders(readFileSync(join(manifestDir, "manifest.json"), "utf8"), {
    BOT_ID: options.botId,
  });
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new PackageError("Cannot build the app package", [`manifest.json is not valid JSON: ${(e as Error).message}`]);
  }
  const problems = validateManifest(manifest);
  const icons = readIcons(manifest, manifestDir);
  problems.push(...icons.problems);
  if (problems.length > 0) throw new PackageError("The manifest is not valid", problems);

  const files: PackageFile[] = [{ name: "manifest.json", data: Buffer.from(text, "utf8") }, ...icons.files];
  return { zip: await zipFiles(files), manifest, files };
}
