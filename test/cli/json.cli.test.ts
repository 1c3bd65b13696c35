/**
 * `--json` means one thing on every command (oclif's enableJsonFlag through the common base command): the
 * result as one JSON document on standard output and nothing else there; an error as a JSON error object on
 * standard output with the exit code the command has without --json (2 for bad input).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF } from '../helpers.js';
import { type Run, runCli } from './run.js';

const CLEAN = 'examples/acme-clean.yaml';
const FAILING = 'examples/acme-failing.yaml';
const TYPOS = 'test/fixtures/invalid/typos.yaml';
const PLAN = 'examples/import/plan.json';

let dir: string;
let reportA: string;
let reportB: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'residency-json-'));
  reportA = path.join(dir, 'a.json');
  reportB = path.join(dir, 'b.json');
  writeFileSync(reportA, (await runCli(['check', FAILING, '--format', 'json', '--as-of', AS_OF])).stdout);
  writeFileSync(reportB, (await runCli(['check', CLEAN, '--format', 'json', '--as-of', AS_OF])).stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Standard output is exactly one JSON document (JSON.parse fails on anything around it). */
function json(run: Run): unknown {
  expect(run.stdout.endsWith('\n')).toBe(true);
  return JSON.parse(run.stdout);
}

function expectJsonError(run: Run, code: string): void {
  expect(run.status).toBe(2);
  const out = json(run) as { error: { code: string; message: string; exitCode: number; diagnostics: unknown[] } };
  expect(out.error.code).toBe(code);
  expect(out.error.exitCode).toBe(2);
  expect(out.error.message.length).toBeGreaterThan(0);
  expect(out.error.diagnostics.length).toBeGreaterThan(0);
  // the one-line message still goes to standard error, never a stack trace
  expect(run.stderr).toMatch(new RegExp(`error ${code}: `));
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('--json on every command: the result as one JSON document', () => {
  const cases: [string, () => string[], (out: unknown) => void][] = [
    ['check', () => ['check', CLEAN, '--json', '--as-of', AS_OF], (o) => expect(o).toHaveProperty('summary.score')],
    [
      'validate',
      () => ['validate', CLEAN, '--json'],
      (o) => expect(o).toEqual({ valid: true, diagnostics: expect.any(Array) }),
    ],
    [
      'import',
      () => ['import', PLAN, '--json'],
      (o) => expect(o).toMatchObject({ inventory: { kind: 'Inventory' }, format: 'yaml', diagnostics: [] }),
    ],
    ['diff', () => ['diff', reportA, reportB, '--json'], (o) => expect(o).toHaveProperty('counts')],
    ['rules list', () => ['rules', 'list', '--json'], (o) => expect((o as unknown[]).length).toBeGreaterThan(10)],
    [
      'rules show',
      () => ['rules', 'show', 'adversary-hosted-data', '--json'],
      (o) => expect(o).toHaveProperty('id', 'adversary-hosted-data'),
    ],
    [
      'rules test',
      () => ['rules', 'test', 'rules/adversary-hosted-data.yaml', '--json', '--as-of', AS_OF],
      (o) => expect(o).toMatchObject({ ok: true, rules: 1 }),
    ],
    ['catalog providers', () => ['catalog', 'providers', '--json'], (o) => expect(Array.isArray(o)).toBe(true)],
    [
      'catalog regions',
      () => ['catalog', 'regions', 'aws', '--json'],
      (o) => expect(o).toHaveProperty('provider', 'aws'),
    ],
    ['catalog lists', () => ['catalog', 'lists', '--json'], (o) => expect(Array.isArray(o)).toBe(true)],
    ['config show', () => ['config', 'show', '--json'], (o) => expect(o).toHaveProperty('settings')],
  ];
  it.each(cases)('%s --json', async (_name, args, check) => {
    const run = await runCli(args());
    expect(run.status).toBe(0);
    check(json(run));
  });

  it('check --json is the JSON report, byte for byte the same as --format json', async () => {
    const a = await runCli(['check', FAILING, '--json', '--as-of', AS_OF]);
    const b = await runCli(['check', FAILING, '--format', 'json', '--as-of', AS_OF]);
    expect(a.status).toBe(1); // --fail-on keeps its exit code under --json
    expect(a.stdout).toBe(b.stdout);
    expect(json(a)).toHaveProperty('findings');
  });

  it('diff --json is diff --format json', async () => {
    const a = await runCli(['diff', reportB, reportA, '--json', '--fail-on-new']);
    const b = await runCli(['diff', reportB, reportA, '--format', 'json', '--fail-on-new']);
    expect(a.status).toBe(1);
    expect(b.status).toBe(1);
    expect(a.stdout).toBe(b.stdout);
  });

  it('validate --json of an invalid inventory: the result (valid: false), exit 2', async () => {
    const run = await runCli(['validate', TYPOS, '--json']);
    expect(run.status).toBe(2);
    expect(json(run)).toMatchObject({ valid: false, diagnostics: expect.arrayContaining([expect.anything()]) });
    expect(run.stderr).toBe('');
  });

  it('verify --json: { valid, signature, inputs }, exit 1 for an unsigned report', async () => {
    const key = path.join(dir, 'pub.pem');
    const { publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(key, publicKey.export({ type: 'spki', format: 'pem' }));
    const run = await runCli(['verify', reportA, '--key', key, '--json']);
    expect(run.status).toBe(1);
    expect(json(run)).toMatchObject({ valid: false, signature: { valid: false, reason: 'unsigned' }, inputs: [] });
  });
});

describe('--json on every command: bad input is a JSON error, exit 2', () => {
  const cases: [string, string[], string][] = [
    ['check', ['check', TYPOS, '--json', '--as-of', AS_OF], 'E_SCHEMA'],
    ['check (bad flag value)', ['check', CLEAN, '--json', '--max-input-size', 'bogus'], 'E_USAGE'],
    ['validate', ['validate', CLEAN, '--json', '--max-input-size', 'bogus'], 'E_USAGE'],
    ['import', ['import', 'test/fixtures/importers/plan/wrong-shape.json', '--json'], 'E_IMPORT_SHAPE'],
    ['diff', ['diff', 'missing-a.json', 'missing-b.json', '--json'], 'E_NOT_FOUND'],
    ['verify', ['verify', 'missing.json', '--key', 'missing.pem', '--json'], 'E_NOT_FOUND'],
    ['whoami', ['whoami', '--json', '--aws-timeout', '0'], 'E_USAGE'],
    ['rules list', ['rules', 'list', '--json', '--rules', 'missing-rules'], 'E_NOT_FOUND'],
    ['rules show', ['rules', 'show', 'no-such-rule', '--json'], 'E_UNKNOWN_RULE'],
    ['rules test', ['rules', 'test', 'missing-rules', '--json'], 'E_NOT_FOUND'],
    ['catalog providers', ['catalog', 'providers', '--json', '--catalog', 'missing.yaml'], 'E_NOT_FOUND'],
    ['catalog regions', ['catalog', 'regions', 'nope', '--json'], 'E_UNKNOWN_PROVIDER'],
    ['catalog lists', ['catalog', 'lists', '--json', '--bogus-flag'], 'E_USAGE'],
    ['config show', ['config', 'show', '--json', '--config', 'missing.yaml'], 'E_NOT_FOUND'],
  ];
  it.each(cases)('%s', async (_name, args, code) => {
    expectJsonError(await runCli(args), code);
  });

  it('without --json the same errors print nothing on standard output', async () => {
    const run = await runCli(['check', TYPOS, '--as-of', AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
  });
});

describe('flags never swallow positional arguments (with --json too)', () => {
  it('validate --rules RULE --json INVENTORY reads INVENTORY as an inventory, not as a rule file', async () => {
    const run = await runCli([
      'validate',
      '--rules',
      'rules/adversary-hosted-data.yaml',
      '--json',
      CLEAN,
      '--as-of',
      AS_OF,
    ]);
    expect(run.status).toBe(0);
    expect(json(run)).toEqual({ valid: true, diagnostics: [] });
  });

  it('verify REPORT --inputs FILE --json keeps REPORT and reads one input', async () => {
    const run = await runCli(['verify', '--inputs', CLEAN, reportA, '--key', 'missing.pem', '--json']);
    // the report is the positional: the error is about the key, not an unexpected argument
    expectJsonError(run, 'E_NOT_FOUND');
    expect(run.stderr).toContain('missing.pem');
  });

  it('check --report sarif=PATH --json FILE keeps FILE as the inventory', async () => {
    const sarif = path.join(dir, 'swallow.sarif');
    const run = await runCli(['check', '--report', `sarif=${sarif}`, '--json', CLEAN, '--as-of', AS_OF]);
    expect(run.status).toBe(0);
    expect(json(run)).toHaveProperty('summary');
    expect(JSON.parse(readFileSync(sarif, 'utf8'))).toHaveProperty('runs');
  });
});

describe('imported inputs are validated the same way by import, check and validate', () => {
  it('an import that breaks the schema (--organisation "") is E_IMPORT_INVALID, exit 2, for all three', async () => {
    const imported = await runCli(['import', PLAN, '--organisation', '']);
    const checked = await runCli(['check', PLAN, '--organisation', '', '--as-of', AS_OF]);
    const validated = await runCli(['validate', PLAN, '--organisation', '', '--json']);
    expect(imported.status).toBe(2);
    expect(checked.status).toBe(2);
    expect(validated.status).toBe(2);
    const line = (run: Run) => run.stderr.split('\n').find((l) => l.includes('E_IMPORT_INVALID'));
    expect(line(imported)).toMatch(/error E_IMPORT_INVALID: the imported inventory: organisation\.name/);
    expect(line(checked)).toBe(line(imported)?.replace('<import>', PLAN));
    const v = json(validated) as { valid: boolean; diagnostics: { code: string; file: string }[] };
    expect(v.valid).toBe(false);
    expect(v.diagnostics.map((d) => [d.code, d.file])).toContainEqual(['E_IMPORT_INVALID', PLAN]);
  });
});
