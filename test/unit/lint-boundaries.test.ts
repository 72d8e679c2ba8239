import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOUNDARY = '@typescript-eslint/no-restricted-imports';

/**
 * The project's own eslint.config.js, run through ESLint's Node API on small sources placed at
 * the paths where they would live. The boundary rules read paths, not types, so type information is
 * switched off here (loading the whole program would take half a minute); `npm run lint` runs the
 * same config with types over the real code.
 */
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });

async function lint(file: string, source: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}${file}` });
  assert.ok(result, `a result for ${file}`);
  assert.deepEqual(result.messages.filter((m) => m.fatal), [], `${file} parses`);
  return result.messages;
}

/** The boundary messages for `source` at `file`: the word each starts its reason with is enough to tell them apart. */
async function refusals(file: string, source: string): Promise<string[]> {
  const messages = await lint(file, source);
  return messages.filter((m) => m.ruleId === BOUNDARY || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

async function assertRefused(file: string, source: string, reason: RegExp): Promise<void> {
  const found = await refusals(file, source);
  assert.equal(found.length, 1, `${file}: one refusal for ${source.trim()}, got ${JSON.stringify(found)}`);
  assert.match(found[0] ?? '', reason);
}

async function assertClean(file: string, source: string): Promise<void> {
  assert.deepEqual(await lint(file, source), [], `${file} lints clean with ${source.trim()}`);
}

const SDK = /Teams SDK .* only in bot\//;
const SERVICES_UP = /services\/ never imports bot\/ or adaptive-cards\//;
const CARDS_UP = /adaptive-cards\/ never imports bot\//;
const CROSS_FEATURE = /Features never import each other: meetings may not import another feature/;
const SHARED_TO_FEATURE = /Shared code never imports a feature/;

describe('lint: import boundaries (eslint.config.js)', function () {
  this.timeout(60_000);

  it('refuses the Teams SDK outside bot/, whether imported for values or for types', async () => {
    await assertRefused('services/csv.ts', "import { TurnContext } from 'botbuilder';\nexport const t = TurnContext;\n", SDK);
    await assertRefused('services/features/meetings/rsvp.ts', "import type { TurnContext } from 'botbuilder';\nexport type T = TurnContext;\n", SDK);
    await assertRefused('services/store/store.ts', "import 'botframework-connector';\n", SDK);
    await assertRefused('adaptive-cards/menu.ts', "import '@microsoft/teams-ai';\n", SDK);
    await assertRefused('adaptive-cards/features/jags/jags.ts', "import 'botbuilder-core';\n", SDK);
    await assertRefused('scripts/card-screenshots.ts', "import 'restify';\n", SDK);
  });

  it('refuses services/ importing bot/ or adaptive-cards/, and adaptive-cards/ importing bot/', async () => {
    await assertRefused('services/csv.ts', "import '../bot/start.js';\n", SERVICES_UP);
    await assertRefused('services/store/store.ts', "import '../../adaptive-cards/menu.js';\n", SERVICES_UP);
    await assertRefused('services/features/meetings/meetings.ts', "import '../../../bot/features/meetings/index.js';\n", SERVICES_UP);
    await assertRefused('adaptive-cards/menu.ts', "import '../bot/send-card.js';\n", CARDS_UP);
    await assertRefused('adaptive-cards/features/meetings/attendance.ts', "import '../../../bot/card-actions.js';\n", CARDS_UP);
  });

  it('refuses one feature importing another, in any of the three trees and however the path is spelled', async () => {
    await assertRefused('services/features/meetings/meetings.ts', "import '../section11/index.js';\n", CROSS_FEATURE);
    await assertRefused('services/features/meetings/meetings.ts', "import '../../features/section11/views.js';\n", CROSS_FEATURE);
    await assertRefused('services/features/meetings/meetings.ts', "import '../../../services/features/section11/index.js';\n", CROSS_FEATURE);
    await assertRefused('adaptive-cards/features/meetings/attendance.ts', "import '../jags/jags.js';\n", CROSS_FEATURE);
    await assertRefused('bot/features/meetings/rsvp.ts', "import '../../../adaptive-cards/features/section11/section11.js';\n", CROSS_FEATURE);
    await assertRefused('bot/features/meetings/rsvp.ts', "export { jagsFeature } from '../jags/index.js';\n", CROSS_FEATURE);
  });

  it('refuses shared code importing a feature; only bot/features.ts and bot/compose.ts wire features', async () => {
    await assertRefused('services/csv.ts', "import './features/meetings/index.js';\n", SHARED_TO_FEATURE);
    await assertRefused('services/store/store.ts', "import '../features/jags/jags.js';\n", SHARED_TO_FEATURE);
    await assertRefused('adaptive-cards/menu.ts', "import './features/people/verbs.js';\n", SHARED_TO_FEATURE);
    await assertRefused('bot/handlers/menu.ts', "import '../features/section11/index.js';\n", SHARED_TO_FEATURE);
    await assertRefused('bot/application.ts', "import '../services/features/meetings/index.js';\n", SHARED_TO_FEATURE);
    await assertClean('bot/features.ts', "import './features/meetings/index.js';\nimport '../services/features/jags/index.js';\n");
    await assertClean('bot/compose.ts', "import './features/people/index.js';\n");
  });

  it('refuses a feature importing the wiring, which imports every feature', async () => {
    await assertRefused('bot/features/jags/handlers.ts', "import '../../features.js';\n", /never imports the wiring/);
    await assertRefused('bot/features/jags/handlers.ts', "import '../../compose.js';\n", /never imports the wiring/);
  });

  it('refuses what the path patterns cannot read: relative paths not in normal form, import(), import() types', async () => {
    await assertRefused('services/csv.ts', "import './features/../../bot/start.js';\n", /normal form/);
    await assertRefused('services/features/meetings/meetings.ts', "import './../section11/index.js';\n", /normal form/);
    await assertRefused('services/csv.ts', "export const load = () => import('../bot/start.js');\n", /static import/);
    await assertRefused('services/csv.ts', "export type S = import('../bot/start.js').StartOptions;\n", /import type/);
  });

  it('passes the imports the layout allows', async () => {
    // A feature reaches its own folders in every tree, shared code, and (in bot/) the Teams SDK.
    await assertClean(
      'bot/features/meetings/rsvp.ts',
      [
        "import 'botbuilder';",
        "import '@microsoft/teams-ai';",
        "import '../../../services/features/meetings/index.js';",
        "import '../../../adaptive-cards/features/meetings/verbs.js';",
        "import './deps.js';",
        "import '../../feature.js';",
        "import '../../card-actions.js';",
        "import '../../../services/store/store.js';",
        "import '../../../adaptive-cards/elements.js';",
        '',
      ].join('\n'),
    );
    await assertClean('services/features/section11/views.ts', "import './section11.js';\nimport '../../forms/answers.js';\nimport '../../people/people.js';\nimport 'date-fns';\n");
    await assertClean('adaptive-cards/features/meetings/attendance.ts', "import '../../../services/features/meetings/meeting-view.js';\nimport '../../elements.js';\n");
    await assertClean('adaptive-cards/form-section.ts', "import '../services/forms/answers.js';\n");
    await assertClean('bot/handlers/menu.ts', "import 'botbuilder';\nimport '../../adaptive-cards/menu.js';\nimport '../../services/access.js';\n");
    // Tests and benchmarks may import anything.
    await assertClean('test/unit/meetings.test.ts', "import 'botbuilder';\nimport '../../services/features/meetings/index.js';\nimport '../../services/features/section11/index.js';\n");
    await assertClean('bench/seed.ts', "import 'botbuilder';\nimport '../services/features/jags/index.js';\n");
  });
});

describe('lint: every rule is an error or off, and the promise rules are on', function () {
  this.timeout(60_000);
  const plain = new ESLint({ cwd: ROOT });

  const severityOf = (entry: Linter.RuleEntry | undefined): number => {
    const level = Array.isArray(entry) ? entry[0] : entry;
    return level === 'error' || level === 2 ? 2 : level === 'warn' || level === 1 ? 1 : 0;
  };

  for (const file of ['services/features/meetings/meetings.ts', 'services/config.ts', 'adaptive-cards/menu.ts', 'bot/server.ts', 'bench/run.ts', 'test/unit/meetings.test.ts', 'test/support/bot-harness.ts']) {
    it(`${file}: no rule only warns; floating and misused promises are errors, with type information`, async () => {
      const config = (await plain.calculateConfigForFile(`${ROOT}${file}`)) as Linter.Config;
      const warnings = Object.entries(config.rules ?? {}).filter(([, entry]) => severityOf(entry) === 1);
      assert.deepEqual(warnings, [], 'a rule that only warns cannot fail the build');
      for (const rule of ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises', '@typescript-eslint/await-thenable']) {
        assert.equal(severityOf(config.rules?.[rule]), 2, rule);
      }
      assert.equal(severityOf(config.rules?.['@typescript-eslint/no-explicit-any']), file.startsWith('test/support/') ? 0 : 2, 'no-explicit-any');
      assert.ok((config.languageOptions?.parserOptions as { projectService?: unknown } | undefined)?.projectService, 'type-aware');
    });
  }
});
