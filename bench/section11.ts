/**
 * Section 11 at scale: the business unit's status card and the CSV export for a cycle of 400
 * organisations, every one with a full return (every question answered at a realistic length).
 * Built through the real services on a real FileStore, timed as the handler does the work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { s11StatusCard } from '../adaptive-cards/features/section11/section11.js';
import { openServices } from '../test/support/services.js';
import { loadConfig } from '../services/config.js';
import { statusView } from '../services/features/section11/views.js';
import { inputId } from '../services/forms/answers.js';
import { silentLogger } from '../services/logger.js';
import { orgKey } from '../services/features/section11/section11.js';
import { FileStore } from '../services/store/file-store.js';

const ORGS = 400;
const RUNS = 15;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export interface Section11Bench {
  orgs: number;
  status: { median: number; max: number; bytes: number };
  csv: { median: number; max: number; bytes: number };
}

export async function benchSection11(): Promise<Section11Bench> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nscp-bench-s11-'));
  try {
    const config = loadConfig({ DATA_DIR: dir });
    const s = await openServices({ config, store: new FileStore(dir), clock: { now: () => new Date('2025-09-01T09:00:00Z') }, log: silentLogger, transport: { deliver: async () => ({}) } });
    const orgs = Array.from({ length: ORGS }, (_, i) => `Organisation ${String(i + 1).padStart(3, '0')}`);
    const rows = orgs.map((o, i) => `lead${i}@org${i}.example\tLead ${i}\t${o}\tSection 11 leads`).join('\n');
    const { importId } = await s.people.previewImport(rows, 'bench');
    await s.people.applyImport(importId, 'bench');
    for (let i = 0; i < ORGS; i++) await s.people.recordInstallation({ id: `29:lead${i}@org${i}.example`, email: `lead${i}@org${i}.example`, reference: {} });
    const cycle = await s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: orgs.map(orgKey).join(',') }, 'bench');
    const form = config.partnership.forms[cycle.formId];
    const answer = 'Our designated safeguarding lead meets every team monthly; concerns are logged the same day and reviewed weekly. '.repeat(4);
    for (let i = 0; i < ORGS; i++) {
      for (const section of form.sections) {
        const data: Record<string, string> = { cycleId: cycle.id, sectionId: section.id };
        for (const q of section.questions) data[inputId(q.id)] = q.kind === 'yes-no' ? 'yes' : q.kind === 'single-choice' ? q.choices![0].value : answer;
        await s.section11.saveDraft(`29:lead${i}@org${i}.example`, data);
      }
      await s.section11.submit(`29:lead${i}@org${i}.example`, { cycleId: cycle.id, sectionId: form.sections.at(-1)!.id });
    }
    await s.store.flush();

    const statusMs: number[] = [];
    const csvMs: number[] = [];
    let statusBytes = 0;
    let csvBytes = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      statusBytes = JSON.stringify(s11StatusCard(await statusView(s, cycle.id, 0))).length;
      statusMs.push(performance.now() - t);
      t = performance.now();
      csvBytes = (await s.section11.exportCsv(cycle.id)).content.length;
      csvMs.push(performance.now() - t);
    }
    return {
      orgs: ORGS,
      status: { median: percentile(statusMs, 50), max: Math.max(...statusMs), bytes: statusBytes },
      csv: { median: percentile(csvMs, 50), max: Math.max(...csvMs), bytes: csvBytes },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
