/**
 * `npm run package`: builds manifest/build/nscp-engage.zip, the app package to upload to Teams.
 *
 * The bot id comes from MicrosoftAppId in the environment, or else from a .env file in the repo
 * root. The manifest is checked against the official schema (offline) before anything is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { MANIFEST_DIR, PACKAGE_FILE_NAME, PackageError, buildPackage, isGuid, parseDotEnv } from "./build-package.js";

const REPO_ROOT = resolve(MANIFEST_DIR, "..");

function readAppId(): { appId: string | undefined; source: string } {
  const fromEnv = process.env["MicrosoftAppId"]?.trim();
  if (fromEnv) return { appId: fromEnv, source: "the environment" };
  const dotEnvPath = join(REPO_ROOT, ".env");
  if (existsSync(dotEnvPath)) {
    const fromFile = parseDotEnv(readFileSync(dotEnvPath, "utf8"))["MicrosoftAppId"]?.trim();
    if (fromFile) return { appId: fromFile, source: ".env" };
  }
  return { appId: undefined, source: "" };
}

async function main(): Promise<number> {
  const { appId, source } = readAppId();
  if (!appId) {
    console.error(
      "Set MicrosoftAppId (the bot's Entra app id) before packaging: MicrosoftAppId=<guid> npm run package",
    );
    return 1;
  }
  if (!isGuid(appId)) {
    console.error(
      `MicrosoftAppId from ${source} is "${appId}", which is not a GUID. ` +
        "Use the bot's Entra application (client) id, e.g. 00000000-0000-0000-0000-000000000000.",
    );
    return 1;
  }
  try {
    const { zip, files } = await buildPackage({ botId: appId });
    const outDir = join(MANIFEST_DIR, "build");
    mkdirSync(outDir, { recursive: true });
    const zipPath = join(outDir, PACKAGE_FILE_NAME);
    writeFileSync(zipPath, zip);
    console.log(`Bot id ${appId} (from ${source}); manifest valid against the bundled schema.`);
    console.log(`Wrote ${relative(process.cwd(), zipPath) || zipPath} (${zip.length} bytes): ${files.map((f) => f.name).join(", ")}`);
    return 0;
  } catch (e) {
    if (e instanceof PackageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main();
