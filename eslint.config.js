// @ts-check
// ESLint for NSCP Engage: the import boundaries of DESIGN.md ("Layout") and the rules that catch real
// bugs, all as errors; `npm run lint` allows no warnings. README "Lint" says what and why.
//
// typescript-eslint reads types through the TypeScript 6 JS API: the `typescript` package here is
// Microsoft's side-by-side build of 6.0 (TypeScript 7.0 ships no JS API); `tsc` for `npm run
// typecheck` is 7.0, installed as `typescript7`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** The three trees that are grouped by feature (`<tree>/features/<name>/`). */
const TREES = ['services', 'adaptive-cards', 'bot'];
/** Folders that are not the Teams edge and must not touch the Teams SDK either. */
const SDK_FREE = ['services', 'adaptive-cards', 'manifest', 'scripts'];
/** Where features are wired together; the only shared files allowed to import a feature. */
const WIRING = ['bot/features.ts', 'bot/compose.ts'];

/** The Teams SDK and its HTTP server: only bot/ (and tests, benchmarks) may import these. */
const TEAMS_SDK = {
  regex: '^(?:botbuilder(?:-[^/]+)?|botframework-[^/]+|@microsoft/teams-ai|@microsoft/teams\\.[^/]+|@microsoft/agents-[^/]+|restify)(?:/|$)',
  message: 'The Teams SDK (botbuilder, botframework-*, @microsoft/teams-ai, restify) is imported only in bot/: take plain data in here and let a bot/ handler translate.',
};

/** Folder names directly under `dir` (posix, relative to the repository), or none if it is absent. */
function subfolders(dir) {
  try {
    return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${dir}/${entry.name}`);
  } catch {
    return [];
  }
}

/** `dir` and every folder beneath it. */
function folderTree(dir) {
  return [dir, ...subfolders(dir).flatMap(folderTree)];
}

/** Feature names, listed at load time from all three trees (a new feature folder is picked up by itself). */
const FEATURES = [...new Set(TREES.flatMap((tree) => subfolders(`${tree}/features`)).map((dir) => path.posix.basename(dir)))].sort();

/** `{ tree, feature }` of a repository-relative posix path: feature is null for shared code. */
function placeOf(file) {
  const [tree, second, name, ...rest] = file.split('/');
  return { tree, feature: TREES.includes(tree) && second === 'features' && rest.length > 0 ? name : null };
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex matching every relative specifier written from a file in `fromDir` that lands in one of
 * `targets` (folders or files, repository-relative). no-restricted-imports sees the specifier as
 * written, not the resolved file, so each way of spelling the path in normal form is listed: the
 * shortest ('../section11/x.js') and the longer ones through a common ancestor
 * ('../../features/section11/x.js', '../../../services/features/section11/x.js'). A specifier that is
 * not in normal form ('a/../b', './../b') is refused on its own by NORMAL_FORM below.
 */
function landingIn(fromDir, targets) {
  const spellings = [];
  for (const target of targets) {
    let ancestor = fromDir;
    let ups = 0;
    for (;;) {
      const inside = ancestor === '' || target === ancestor || target.startsWith(`${ancestor}/`);
      if (inside && target !== ancestor) {
        const down = ancestor === '' ? target : path.posix.relative(ancestor, target);
        spellings.push(`${ups === 0 ? './' : '../'.repeat(ups)}${down}`);
      }
      if (ancestor === '') break;
      ancestor = ancestor.includes('/') ? path.posix.dirname(ancestor) : '';
      ups += 1;
    }
  }
  return `^(?:${spellings.map(escapeRegex).join('|')})(?:/|$)`;
}

/** A relative specifier with a '.' or '..' segment after its leading run ('a/../b', './../b', 'a/./b'). */
const NORMAL_FORM = {
  // relative, and not: one './' or a run of '../', then names none of which is '.' or '..'
  regex: '^(?=\\.\\.?/)(?!(?:\\./|(?:\\.\\./)+)(?!\\.\\.?(?:/|$))[^/]+(?:/(?!\\.\\.?(?:/|$))[^/]+)*$)',
  message: 'Write relative imports in normal form (no "." or ".." after the first folder name), so the boundary rules can read them.',
};

/** The no-restricted-imports patterns for the files directly in `dir` (or for one wiring file). */
function boundaryPatterns(dir, { wiring = false } = {}) {
  const { tree, feature } = placeOf(`${dir}/x.ts`);
  const patterns = [{ ...NORMAL_FORM, caseSensitive: true }];
  const forbid = (targets, message) => {
    if (targets.length > 0) patterns.push({ regex: landingIn(dir, targets), message, caseSensitive: true });
  };
  if (SDK_FREE.includes(tree)) patterns.push({ ...TEAMS_SDK, caseSensitive: true });
  if (tree === 'services') {
    forbid(['bot', 'adaptive-cards'], 'services/ never imports bot/ or adaptive-cards/: the dependency runs bot -> services.');
  }
  if (tree === 'adaptive-cards') {
    forbid(['bot'], 'adaptive-cards/ never imports bot/: cards are pure builders that bot/ calls.');
  }
  if (feature !== null) {
    const others = FEATURES.filter((name) => name !== feature).flatMap((name) => TREES.map((t) => `${t}/features/${name}`));
    forbid(others, `Features never import each other: ${feature} may not import another feature. Move what both need into shared code, or wire them in bot/features.ts.`);
    forbid(WIRING.map((file) => file.replace(/\.ts$/, '.js')), 'A feature never imports the wiring (bot/features.ts, bot/compose.ts): the wiring imports features.');
  } else if (TREES.includes(tree) && !wiring) {
    forbid(
      FEATURES.flatMap((name) => TREES.map((t) => `${t}/features/${name}`)),
      'Shared code never imports a feature; features are wired only in bot/features.ts. Move the piece into shared code, or let the feature register it.',
    );
  }
  return patterns;
}

const boundaryRule = '@typescript-eslint/no-restricted-imports';

/** One block per folder of the trees (and of the SDK-free folders), each with its exact relative spellings. */
const boundaries = [...new Set([...TREES, ...SDK_FREE])].flatMap(folderTree).map((dir) => ({
  name: `nscp/boundaries ${dir}`,
  files: [`${dir}/*.ts`],
  rules: { [boundaryRule]: ['error', { patterns: boundaryPatterns(dir) }] },
}));

export default tseslint.config(
  { name: 'nscp/ignores', ignores: ['node_modules/', 'data/', 'dist/', 'manifest/build/', 'appPackage/', '.bench-data/'] },
  {
    name: 'nscp/typescript',
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
    rules: {
      // The promise rules this bot most needs, restated so nobody turns them off by accident: a
      // promise nobody awaits loses its error (and, in a handler, the reply), an async callback
      // where a void one is expected runs unwatched, and awaiting a non-promise hides a sync call.
      // An intentional fire-and-forget is written `void promise` with a comment saying why.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Beyond the recommended set, two that catch real bugs and cost nothing today: a switch over
      // a union that misses a member (a new delivery kind, a new question kind), and == / !=
      // (except `== null`, which means null or undefined on purpose).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'smart'],
      // Off on purpose: handlers and ports implement Promise-returning interfaces, and `async`
      // there turns a synchronous throw into a rejection the caller already handles; this rule
      // would have us drop `async` and lose that.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read the JSON the bot sent over HTTP (cards, activities) and assert on it: the
    // assertion is the check, so the no-unsafe-* rules about `any` values would flag every line.
    // The promise rules stay on: an un-awaited assertion passes without checking anything.
    name: 'nscp/tests',
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The harness and fakes hand raw HTTP JSON to tests, typed `any` (or the `Json` alias) here only.
    name: 'nscp/test-support',
    files: ['test/support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // This file: plain JavaScript, outside the TypeScript project.
    name: 'nscp/eslint-config',
    files: ['eslint.config.js'],
    extends: [js.configs.recommended],
  },
  ...boundaries,
  ...WIRING.map((file) => ({
    name: `nscp/boundaries ${file} (wiring)`,
    files: [file],
    rules: { [boundaryRule]: ['error', { patterns: boundaryPatterns(path.posix.dirname(file), { wiring: true }) }] },
  })),
  {
    // Dynamic import() and import('x').T types are not seen by no-restricted-imports: refuse them where boundaries hold.
    name: 'nscp/boundaries static imports only',
    files: TREES.map((tree) => `${tree}/**/*.ts`),
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'Use a static import here: the boundary rules do not see import().' },
        { selector: 'TSImportType', message: "Use `import type` here: the boundary rules do not see import('…') types." },
      ],
    },
  },
);
