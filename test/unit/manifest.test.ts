import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inflateRawSync, inflateSync } from "node:zlib";
import { PackageError, buildPackage, parseDotEnv, substitutePlaceholders } from "../../manifest/build-package.js";
import { bundledManifestVersions, schemaPathFor, validateManifest } from "../../manifest/validate-manifest.js";
import type { Json } from "../support/json.js";

const MANIFEST_DIR = fileURLToPath(new URL("../../manifest/", import.meta.url));
const BOT_ID = "8d9f1c2e-3b4a-4c5d-9e6f-7a8b9c0d1e2f";

const manifestText = () => readFileSync(`${MANIFEST_DIR}manifest.json`, "utf8");
const withBotId = (botId = BOT_ID): Json => JSON.parse(substitutePlaceholders(manifestText(), { BOT_ID: botId }));

/** Independent CRC-32, so the test does not trust the code under test. */
function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Reads a PNG's chunks, checking the signature and every CRC. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  const chunks: { type: string; data: Buffer }[] = [];
  for (let pos = 8; pos < png.length; ) {
    const len = png.readUInt32BE(pos);
    const type = png.toString("latin1", pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    assert.equal(png.readUInt32BE(pos + 8 + len), crc32(png.subarray(pos + 4, pos + 8 + len)), `CRC of ${type}`);
    chunks.push({ type, data });
    pos += 12 + len;
  }
  return chunks;
}

/** Parses a zip through its central directory (not via the library that wrote it). */
function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, "zip has an end-of-central-directory record");
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50, "central directory entry signature");
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    assert.equal(zip.readUInt32LE(localOffset), 0x04034b50, `local header of ${name}`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated (method ${method})`);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC`);
    entries.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe("Teams app package (manifest/)", () => {
  describe("manifest.json", () => {
    it("uses the newest stable manifest version bundled in @microsoft/app-manifest, with its official $schema URL", () => {
      const m = withBotId();
      const stable = bundledManifestVersions().filter((v) => /^\d+\.\d+$/.test(v));
      const newest = stable.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1);
      assert.ok(newest, "at least one stable schema is bundled");
      assert.equal(m["manifestVersion"], newest);
      assert.equal(
        m["$schema"],
        `https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
      );
      const schema = JSON.parse(readFileSync(schemaPathFor(newest), "utf8"));
      assert.equal(schema.properties.manifestVersion.const, newest, "the schema file checked is the one for this version");
    });

    it("validates with zero errors against the bundled official schema once a GUID is substituted", () => {
      const m = withBotId();
      assert.deepEqual(validateManifest(m), []);
      assert.equal(m["id"], BOT_ID);
      assert.equal(m["bots"][0].botId, BOT_ID);
      assert.deepEqual(m["bots"][0].scopes, ["personal", "team"], "1:1 chats, and teams so the business unit can post newsletters to channels");
      assert.deepEqual(
        m["bots"][0].commandLists[0].commands.map((c: Json) => c["title"]),
        ["help", "meetings"],
      );
    });

    it("is reported invalid while the ${{BOT_ID}} placeholder is still in it", () => {
      const errors = validateManifest(JSON.parse(manifestText()));
      assert.ok(errors.some((e) => e.startsWith("/id:") && e.includes("${{BOT_ID}}")), errors.join("\n"));
      assert.ok(errors.some((e) => e.startsWith("/bots/0/botId:")), errors.join("\n"));
    });

    it("names each problem in a broken manifest: missing name, bot id not a GUID, too-long developer name, unknown property", () => {
      const m = withBotId("not-a-guid");
      delete m["name"];
      m["developer"].name = "x".repeat(33);
      m["colour"] = "#00606B";
      const errors = validateManifest(m);
      const has = (re: RegExp) => assert.ok(errors.some((e) => re.test(e)), `expected an error matching ${re} in:\n${errors.join("\n")}`);
      has(/^\(root\): missing required property "name"$/);
      has(/^\/bots\/0\/botId: must be a GUID \(got "not-a-guid"\)$/);
      has(/^\/id: must be a GUID/);
      has(/^\/developer\/name: .*32/);
      has(/^\(root\): unknown property "colour"$/);
    });

    it("rejects a manifestVersion that has no bundled schema, and a $schema URL for another version", () => {
      assert.match(validateManifest({ ...withBotId(), manifestVersion: "9.99" }).join("\n"), /no bundled schema for "9\.99"/);
      const m = withBotId();
      m["$schema"] = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json";
      assert.match(validateManifest(m).join("\n"), /\/\$schema: points at schema v1\.17/);
    });
  });

  describe("icons", () => {
    for (const [file, size] of [["color.png", 192], ["outline.png", 32]] as const) {
      it(`${file} is a ${size}×${size} PNG with valid chunks`, () => {
        const chunks = pngChunks(readFileSync(`${MANIFEST_DIR}${file}`));
        assert.equal(chunks[0]?.type, "IHDR");
        const ihdr = chunks[0].data;
        assert.equal(ihdr.readUInt32BE(0), size, "width");
        assert.equal(ihdr.readUInt32BE(4), size, "height");
        assert.equal(chunks.at(-1)?.type, "IEND");
      });
    }

    it("outline.png is white on transparent, and has a visible mark", () => {
      const chunks = pngChunks(readFileSync(`${MANIFEST_DIR}outline.png`));
      const ihdr = chunks[0].data;
      assert.deepEqual([ihdr[8], ihdr[9], ihdr[12]], [8, 6, 0], "8-bit RGBA, not interlaced");
      const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
      const stride = 32 * 4;
      let opaque = 0;
      for (let y = 0; y < 32; y++) {
        assert.equal(raw[y * (stride + 1)], 0, "rows are unfiltered (as make-icons writes them)");
        for (let x = 0; x < 32; x++) {
          const i = y * (stride + 1) + 1 + x * 4;
          if (raw[i + 3] === 0) continue;
          assert.deepEqual([raw[i], raw[i + 1], raw[i + 2]], [255, 255, 255], `pixel ${x},${y} is white`);
          if (raw[i + 3] === 255) opaque++;
        }
      }
      assert.ok(opaque > 50, `outline has a visible white mark (${opaque} opaque pixels)`);
    });
  });

  describe("buildPackage()", () => {
    it("zips exactly manifest.json, color.png and outline.png at the root, with the bot id substituted", async () => {
      const { zip } = await buildPackage({ botId: BOT_ID });
      const entries = readZip(zip);
      assert.deepEqual([...entries.keys()].sort(), ["color.png", "manifest.json", "outline.png"]);
      const text = entries.get("manifest.json")!.toString("utf8");
      assert.ok(!text.includes("${{"), "no placeholders left in the packaged manifest");
      const packed: Json = JSON.parse(text);
      assert.equal(packed["id"], BOT_ID);
      assert.equal(packed["bots"][0].botId, BOT_ID);
      assert.deepEqual(validateManifest(packed), []);
      assert.ok(entries.get("color.png")!.equals(readFileSync(`${MANIFEST_DIR}color.png`)));
      assert.ok(entries.get("outline.png")!.equals(readFileSync(`${MANIFEST_DIR}outline.png`)));
    });

    it("refuses a bot id that is not a GUID, naming it", async () => {
      await assert.rejects(buildPackage({ botId: "my-bot" }), (e: unknown) => {
        assert.ok(e instanceof PackageError);
        assert.match(e.problems.join("\n"), /"my-bot" is not a GUID/);
        return true;
      });
    });
  });

  describe("parseDotEnv()", () => {
    it("reads KEY=value lines with export, quotes and comments", () => {
      const env = parseDotEnv(
        ['# bot', `export MicrosoftAppId="${BOT_ID}"`, "PORT=3978 # default", "EMPTY=", "NAME='a # b'", "junk"].join("\n"),
      );
      assert.deepEqual(env, { MicrosoftAppId: BOT_ID, PORT: "3978", EMPTY: "", NAME: "a # b" });
    });
  });
});
