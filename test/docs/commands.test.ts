import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bash, INSTALL_TIMEOUT, npmEnv, type Run, scratchClone } from '../ci/scratch.js';
import { ROOT } from '../helpers.js';

// Every command in a ```sh block of README.md and docs/*.md, run as written in a fresh clone (a copy of
// the tracked files, committed in a new git repository; no node_modules, no dist), in document order:
// README first (its first command is `npm ci`, its install block puts `residency` on the PATH through
// `npm install --global .` into a temporary npm prefix), then each docs/*.md from a clean tree.

/** Lines not run, each with the reason. Kept short; a line that is no longer in the docs fails the test. */
const NOT_RUN = new Map<string, string>([
  ['npm test', 'runs this test suite itself; CI runs it through .ci/run'],
  ['npm ci', "README's first command already ran it in this clone; a second run only reinstalls the same tree"],
  ['npm run bench', 'benchmarks: minutes of CPU at 1k-100k vendors (docs/performance.md)'],
  ['npm run bench -- --full', 'benchmarks up to 1M vendors: many minutes and gigabytes'],
  ['npm run bench -- --quick', 'benchmarks at 1k and 10k vendors: minutes of CPU'],
  [
    'npm run bench -- --sizes 100k --shapes minified,pretty --runs 3 --no-peers --no-cold --no-docs',
    'benchmarks at 100k vendors: many minutes of CPU and gigabytes of memory',
  ],
  [
    'node bench/generate.mjs --vendors 100k --shape minified --seed 1 --out bench/data/inv-100k-s1-minified.json',
    'a 100k-vendor input (tens of MB); the generator is covered by test/slow/perf',
  ],
  [
    'node bench/generate.mjs --vendors 100k --format json --seed 1 --out bench/data/inv-100k.json',
    'a 100k-vendor input (tens of MB); large inputs are covered by test/slow/perf',
  ],
  [
    'node bin/run.js check bench/data/inv-100k.json --format json --output /tmp/r.json --as-of 2026-11-28 --fail-on never --timings',
    'checks the 100k-vendor input above (over 1 GiB of memory); covered by test/slow/perf',
  ],
  ['npm run fuzz', 'the fuzz run lasts 600 s by design'],
  [
    'FUZZ_SECONDS=60 FUZZ_SEED=42 npm run fuzz',
    'a 60 s fuzz run; test/slow/properties runs the same properties briefly',
  ],
  ['FUZZ_RESULT=/tmp/fuzz.json npm run fuzz', 'the fuzz run lasts 600 s by design'],
]);

/** Commands that document a failing run: the exit code they must end with (anything else is a failure). */
const EXPECTED_STATUS = new Map<string, number>([
  ['npx residency check examples/acme-failing.yaml', 1], // README: "it exits 1: the example has findings"
  ['residency check examples/acme-failing.yaml --waivers examples/waivers.yaml --as-of 2026-11-28', 1],
  ['residency check examples/import/infra/ examples/import/subprocessors.csv --as-of 2026-11-28', 1],
  [
    'residency check examples/import/infra/ examples/import/plan.json examples/import/bom.cdx.json examples/import/subprocessors.csv examples/acme-clean.yaml --as-of 2026-11-28',
    1,
  ],
  ['residency check - --format json --output residency.json', 1], // docs/ci.md: the imported Terraform has findings
]);

/** What the README tells a reader to do before trying the docs' commands (checked to be in the README). */
const DOCS_SETUP = 'cp examples/acme-clean.yaml inventory.yaml';

interface Block {
  doc: string;
  line: number;
  text: string;
}

const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

function shellBlocks(doc: string): Block[] {
  const text = readFileSync(path.join(ROOT, doc), 'utf8');
  const blocks: Block[] = [];
  for (const m of text.matchAll(/^( *)```(?:sh|bash|shell)\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1].length;
    const body = m[2]
      .split('\n')
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    blocks.push({ doc, line: text.slice(0, m.index).split('\n').length, text: body });
  }
  return blocks;
}

/** A block's commands: continuation lines joined, comments and blank lines dropped. */
function commands(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const BLOCKS = DOCS.flatMap(shellBlocks);

interface Outcome {
  block: Block;
  ran: string[];
  result: Run;
  failures: { status: number; command: string }[];
}

describe('every ```sh command in README.md and docs/ works as written from a fresh clone', () => {
  let clone: string;
  let scratch: string;
  const outcomes = new Map<Block, Outcome>();

  beforeAll(() => {
    clone = scratchClone('docs');
    scratch = path.dirname(clone);
    const summary = path.join(scratch, 'step-summary.md');
    writeFileSync(summary, '');
    const env = {
      ...npmEnv(path.join(scratch, 'prefix')),
      GITHUB_STEP_SUMMARY: summary, // documented as a GitHub Actions step
      CI: 'true',
    };
    let doc = '';
    for (const block of BLOCKS) {
      if (block.doc !== doc && block.doc !== 'README.md') {
        // each page starts from a clean tree (installed dependencies and build kept) and the README's set-up
        const reset = bash(`git checkout -q -- . && git clean -fdq && ${DOCS_SETUP}`, { cwd: clone, env });
        if (reset.status !== 0) throw new Error(`reset failed: ${reset.stderr}`);
      }
      doc = block.doc;
      const ran = commands(block.text).filter((c) => !NOT_RUN.has(c));
      const script = ran.join('\n');
      if (script === '') continue;
      // not `set -e`: a reader runs every line; each failing command is recorded with its status
      const failuresFile = path.join(scratch, 'failures');
      writeFileSync(failuresFile, '');
      const result = bash(
        `set +e\ntrap 'printf "%s\\t%s\\n" "$?" "$BASH_COMMAND" >> ${JSON.stringify(failuresFile)}' ERR\n${script}`,
        { cwd: clone, env, timeout: 900_000 },
      );
      const failures = readFileSync(failuresFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => ({ status: Number(l.slice(0, l.indexOf('\t'))), command: l.slice(l.indexOf('\t') + 1) }));
      outcomes.set(block, { block, ran, result, failures });
    }
  }, INSTALL_TIMEOUT);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the blocks, the README first, and the README gives the set-up the docs assume', () => {
    expect(BLOCKS.length).toBeGreaterThan(10);
    expect(BLOCKS[0]).toMatchObject({
      doc: 'README.md',
      text: 'npm ci && npx residency check examples/acme-failing.yaml\n',
    });
    expect(BLOCKS.filter((b) => b.doc === 'README.md').some((b) => commands(b.text).includes(DOCS_SETUP))).toBe(true);
  });

  it('every line that is not run is still in the docs (the list stays short and true)', () => {
    const all = new Set(BLOCKS.flatMap((b) => commands(b.text)));
    for (const line of NOT_RUN.keys()) expect(all, line).toContain(line);
    for (const command of EXPECTED_STATUS.keys())
      expect(
        [...all].some((line) => line.includes(command)),
        command,
      ).toBe(true);
  });

  it.each(BLOCKS.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s', (_, block) => {
    const outcome = outcomes.get(block);
    if (!outcome) return; // every line of this block is in NOT_RUN
    const unexpected = outcome.failures.filter(
      (f) => ![...EXPECTED_STATUS].some(([command, status]) => f.command.includes(command) && f.status === status),
    );
    const report = `${outcome.ran.join('\n')}\n--- stdout\n${outcome.result.stdout.slice(-2000)}\n--- stderr\n${outcome.result.stderr.slice(-4000)}`;
    expect(unexpected, report).toEqual([]);
    expect(outcome.result.stderr, report).not.toMatch(/command not found|E_INTERNAL|npm error/);
    for (const [command, status] of EXPECTED_STATUS) {
      if (outcome.ran.some((c) => c.includes(command))) {
        expect(outcome.failures, report).toContainEqual({ status, command: expect.stringContaining(command) });
      }
    }
  });
});
