/** Summarises V8 .cpuprofile files (from `node --cpu-prof`): where the bot's CPU time went. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(ROOT, '');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
};

/** Where a frame's code lives: a package, node's internals, the project, or V8 itself. */
const area = (n: ProfileNode) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName; // (garbage collector), (idle), (program)
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  return 'project code';
};

function top(map: Map<string, number>, n: number, total: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
}

/** Summarises the busy profiles in a folder; mostly-idle ones (tsx's module-hooks thread) are skipped. */
export async function summariseProfiles(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const skipped: string[] = [];
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Profile;
    const idleIds = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    const idle = p.samples.reduce((sum, id, i) => sum + (idleIds.has(id) ? (p.timeDeltas[i + 1] ?? 0) : 0), 0);
    if (idle > 0.9 * p.timeDeltas.reduce((a, b) => a + b, 0)) {
      skipped.push(file);
      continue;
    }
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    p.samples.forEach((id, i) => {
      const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
      const node = byId.get(id)!;
      total += ms;
      self.set(label(node), (self.get(label(node)) ?? 0) + ms);
      areas.set(area(node), (areas.get(area(node)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at)!;
        if (area(n) !== 'project code' || seen.has(label(n))) continue;
        seen.add(label(n));
        inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + ms);
      }
    });
  }
  return [
    `profiled ${total.toFixed(0)} ms of the main thread (${files.length - skipped.length} file; skipped as idle: ${skipped.join(', ') || 'none'})`,
    'self time by area:',
    top(areas, 12, total),
    'self time, top functions:',
    top(self, 25, total),
    'inclusive time of project functions (bot/, services/, adaptive-cards/):',
    top(inclusive, 20, total),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx bench/profile.ts <dir with .cpuprofile files>');
  console.log(await summariseProfiles(dir));
}
