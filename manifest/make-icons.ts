/**
 * Draws the two Teams app icons and writes them beside the manifest:
 *   manifest/color.png    192×192, deep teal background with a white speech bubble holding a tick
 *   manifest/outline.png   32×32,  the same mark as a white outline on transparent
 *
 * Run with `npx tsx manifest/make-icons.ts`; commit the PNGs it writes.
 * Shapes are signed distance functions, so edges are anti-aliased without supersampling.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { encodePng } from "./png.js";

type Vec = readonly [number, number];

const TEAL: readonly [number, number, number] = [0x00, 0x60, 0x6b]; // #00606B, also the manifest accentColor

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];

function sdRoundBox(p: Vec, centre: Vec, half: Vec, radius: number): number {
  const qx = Math.abs(p[0] - centre[0]) - (half[0] - radius);
  const qy = Math.abs(p[1] - centre[1]) - (half[1] - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function sdSegment(p: Vec, a: Vec, b: Vec): number {
  const pa = sub(p, a);
  const ba = sub(b, a);
  const h = clamp(dot(pa, ba) / dot(ba, ba), 0, 1);
  return Math.hypot(pa[0] - ba[0] * h, pa[1] - ba[1] * h);
}

/** Exact signed distance to a triangle (negative inside). */
function sdTriangle(p: Vec, p0: Vec, p1: Vec, p2: Vec): number {
  const edges: [Vec, Vec][] = [
    [p0, sub(p1, p0)],
    [p1, sub(p2, p1)],
    [p2, sub(p0, p2)],
  ];
  const e0 = edges[0][1];
  const e2 = edges[2][1];
  const s = Math.sign(e0[0] * e2[1] - e0[1] * e2[0]);
  let distSq = Infinity;
  let side = Infinity;
  for (const [origin, e] of edges) {
    const v = sub(p, origin);
    const t = clamp(dot(v, e) / dot(e, e), 0, 1);
    const pq: Vec = [v[0] - e[0] * t, v[1] - e[1] * t];
    distSq = Math.min(distSq, dot(pq, pq));
    side = Math.min(side, s * (v[0] * e[1] - v[1] * e[0]));
  }
  return -Math.sqrt(distSq) * Math.sign(side);
}

interface Mark {
  bubbleCentre: Vec;
  bubbleHalf: Vec;
  bubbleRadius: number;
  tail: [Vec, Vec, Vec];
  tick: [Vec, Vec, Vec];
  tickHalfWidth: number;
}

/** Distances in unit coordinates (0..1 across the icon, y down). */
function bubbleDistance(p: Vec, m: Mark): number {
  return Math.min(sdRoundBox(p, m.bubbleCentre, m.bubbleHalf, m.bubbleRadius), sdTriangle(p, ...m.tail));
}

function tickDistance(p: Vec, m: Mark): number {
  const [a, b, c] = m.tick;
  return Math.min(sdSegment(p, a, b), sdSegment(p, b, c)) - m.tickHalfWidth;
}

/** Renders `shade(pointInUnits, pixelSizeInUnits) → [r, g, b, a]` at the pixel centres. */
function render(size: number, shade: (p: Vec, px: number) => [number, number, number, number]): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = shade([(x + 0.5) / size, (y + 0.5) / size], 1 / size);
      rgba.set(px.map((v) => Math.round(clamp(v, 0, 255))), (y * size + x) * 4);
    }
  }
  return rgba;
}

/** Coverage of a pixel by a shape, from its signed distance in pixels. */
const coverage = (distanceInPixels: number) => clamp(0.5 - distanceInPixels, 0, 1);

const COLOUR_MARK: Mark = {
  bubbleCentre: [0.5, 0.45],
  bubbleHalf: [0.27, 0.2],
  bubbleRadius: 0.07,
  tail: [[0.33, 0.6], [0.47, 0.6], [0.31, 0.77]],
  tick: [[0.385, 0.45], [0.46, 0.525], [0.615, 0.37]],
  tickHalfWidth: 0.032,
};

const OUTLINE_MARK: Mark = {
  bubbleCentre: [0.5, 0.42],
  bubbleHalf: [0.4, 0.29],
  bubbleRadius: 0.13,
  tail: [[0.26, 0.64], [0.46, 0.64], [0.2, 0.9]],
  tick: [[0.33, 0.43], [0.45, 0.55], [0.68, 0.31]],
  tickHalfWidth: 0.034,
};

function drawColourIcon(size = 192): Uint8Array {
  return render(size, (p, px) => {
    // White bubble, with the tick cut out of it in the background colour.
    const white = coverage(bubbleDistance(p, COLOUR_MARK) / px) * (1 - coverage(tickDistance(p, COLOUR_MARK) / px));
    return [
      TEAL[0] + (255 - TEAL[0]) * white,
      TEAL[1] + (255 - TEAL[1]) * white,
      TEAL[2] + (255 - TEAL[2]) * white,
      255,
    ];
  });
}

function drawOutlineIcon(size = 32): Uint8Array {
  const strokeHalfWidth = 1 / size; // a 2 px line at 32×32
  return render(size, (p, px) => {
    const ring = Math.abs(bubbleDistance(p, OUTLINE_MARK)) - strokeHalfWidth;
    const alpha = Math.max(coverage(ring / px), coverage(tickDistance(p, OUTLINE_MARK) / px));
    return [255, 255, 255, 255 * alpha];
  });
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const icons: [string, number, Uint8Array][] = [
    ["color.png", 192, drawColourIcon(192)],
    ["outline.png", 32, drawOutlineIcon(32)],
  ];
  for (const [name, size, rgba] of icons) {
    const file = join(here, name);
    const png = encodePng(size, size, rgba);
    writeFileSync(file, png);
    console.log(`wrote ${relative(process.cwd(), file)} (${size}×${size}, ${png.length} bytes)`);
  }
}

main();
