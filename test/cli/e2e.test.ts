/**
 * Every command end to end, as a real process (bin/run.js under node, and the bin shim itself): exit status,
 * standard output and standard error, with and without `--json`, from files and from standard input. Each run is
 * also made in-process (`runCli`, which the other CLI tests use) and must give the same status and the same bytes
 * on both streams: the in-process runner is only trusted as far as this test shows it is faithful.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF } from '../helpers.js';
import { BIN, type InProcessOptions, type Run, runCli, runCliProcess, runProgram } from './run.js';

const CLEAN = 'examples/acme-clean.yaml';
const FAILING = 'examples/acme-failing.yaml';
const TYPOS = 'test/fixtures/invalid/typos.yaml';
const PLAN = 'examples/import/plan.json';
const HEAD = 'apiVersion: residency/v1\nkind: Inventory\n';

let dir: string;
const reports = { failing: '', clean: '' };
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'residency-e2e-'));
  reports.failing = path.join(dir, 'failing.json');
  reports.clean = path.join(dir, 'clean.json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where the output goes: the result on standard output, messages on standard error, or nothing there. */
type Streams = { stdout: 'text' | 'json' | 'empty'; stderr: 'text' | 'empty' };

function expectStreams(run: Run, streams: Streams): void {
  if (streams.stdout === 'empty') expect(run.stdout).toBe('');
  else expect(run.stdout.endsWith('\n')).toBe(true);
  if (streams.stdout === 'json') expect(() => JSON.parse(run.stdout)).not.toThrow();
  if (streams.stderr === 'empty') expect(run.stderr).toBe('');
  else expect(run.stderr.length).toBeGreaterThan(0);
  // never a stack trace
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/** Run as a process and in-process: same status, same bytes. */
async function both(args: string[], options: InProcessOptions = {}): Promise<Run> {
  const spawned = runCliProcess(args, options);
  const inProcess = await runCli(args, options);
  expect(inProcess).toEqual(spawned);
  return spawned;
}

describe('every command as a process: exit status and the two streams', () => {
  const cases: [string, () => string[], number, Streams][] = [
    [
      'check (a threshold breached)',
      () => ['check', FAILING, '--as-of', AS_OF],
      1,
      { stdout: 'text', stderr: 'empty' },
    ],
    ['check (invalid input)', () => ['check', TYPOS, '--as-of', AS_OF], 2, { stdout: 'empty', stderr: 'text' }],
    ['check --json (invalid input)', () => ['check', TYPOS, '--json'], 2, { stdout: 'json', stderr: 'text' }],
    ['validate', () => ['validate', CLEAN], 0, { stdout: 'text', stderr: 'empty' }],
    ['validate (invalid input)', () => ['validate', TYPOS], 2, { stdout: 'empty', stderr: 'text' }],
    ['import', () => ['import', PLAN], 0, { stdout: 'text', stderr: 'empty' }],
    [
      'import --json (wrong shape)',
      () => ['import', 'test/fixtures/importers/plan/wrong-shape.json', '--json'],
      2,
      { stdout: 'json', stderr: 'text' },
    ],
    [
      'diff --fail-on-new',
      () => ['diff', reports.clean, reports.failing, '--fail-on-new'],
      1,
      { stdout: 'text', stderr: 'empty' },
    ],
    [
      'diff --json (missing)',
      () => ['diff', 'missing-a.json', 'missing-b.json', '--json'],
      2,
      { stdout: 'json', stderr: 'text' },
    ],
    [
      'verify --json (no key)',
      () => ['verify', reports.failing, '--key', 'missing.pem', '--json'],
      2,
      { stdout: 'json', stderr: 'text' },
    ],
    [
      'whoami --json (bad flag)',
      () => ['whoami', '--json', '--aws-timeout', '0'],
      2,
      { stdout: 'json', stderr: 'text' },
    ],
    ['rules list', () => ['rules', 'list'], 0, { stdout: 'text', stderr: 'empty' }],
    ['rules show', () => ['rules', 'show', 'adversary-hosted-data', '--json'], 0, { stdout: 'json', stderr: 'empty' }],
    [
      'rules test',
      () => ['rules', 'test', 'rules/adversary-hosted-data.yaml', '--as-of', AS_OF],
      0,
      { stdout: 'text', stderr: 'empty' },
    ],
    ['catalog providers', () => ['catalog', 'providers'], 0, { stdout: 'text', stderr: 'empty' }],
    ['catalog regions', () => ['catalog', 'regions', 'aws', '--json'], 0, { stdout: 'json', stderr: 'empty' }],
    ['catalog lists', () => ['catalog', 'lists'], 0, { stdout: 'text', stderr: 'empty' }],
    ['config show', () => ['config', 'show'], 0, { stdout: 'text', stderr: 'empty' }],
    ['help', () => ['help', 'check'], 0, { stdout: 'text', stderr: 'empty' }],
    ['a topic', () => ['rules'], 0, { stdout: 'text', stderr: 'empty' }],
    ['--version', () => ['--version'], 0, { stdout: 'text', stderr: 'empty' }],
    ['a mistyped command', () => ['chek', CLEAN], 2, { stdout: 'empty', stderr: 'text' }],
  ];

  beforeAll(async () => {
    // the reports diff and verify read
    expect(
      (await runCli(['check', FAILING, '--as-of', AS_OF, '--format', 'json', '--output', reports.failing])).status,
    ).toBe(1);
    expect(
      (await runCli(['check', CLEAN, '--as-of', AS_OF, '--format', 'json', '--output', reports.clean])).status,
    ).toBe(0);
  });

  it.each(cases)('%s', async (_name, args, status, streams) => {
    const run = await both(args());
    expect(run.status).toBe(status);
    expectStreams(run, streams);
  });
});

describe('standard input, the working directory and the environment', () => {
  it('check - reads the inventory from standard input', async () => {
    const run = await both(['check', '-', '--as-of', AS_OF, '--format', 'json'], {
      input: `${HEAD}organisation:\n  name: Stdin Ltd\nvendors: []\n`,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('summary');
  });

  it('validate - with bad YAML on standard input: located at <stdin>, exit 2', async () => {
    const run = await both(['validate', '-'], { input: 'vendors: [\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('<stdin>');
  });

  it('the configuration file is looked for in the working directory', async () => {
    writeFileSync(path.join(dir, '.residencyrc.yaml'), 'failOn: never\n');
    const run = await both(['config', 'show', '--json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('file.path', '.residencyrc.yaml');
  });

  it('RESIDENCY_CONTENT_TYPE=json in the environment is --json', async () => {
    const run = await both(['rules', 'show', 'adversary-hosted-data'], { env: { RESIDENCY_CONTENT_TYPE: 'json' } });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('id', 'adversary-hosted-data');
  });
});

describe('the bin shim', () => {
  it('bin/run.js runs as a program of its own (#!/usr/bin/env node)', () => {
    const run = runProgram(BIN, ['--version']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^residency\/\d+\.\d+\.\d+ /);
  });
});

describe('an in-process run leaves the test process as it was', () => {
  it('working directory, environment, exit code, argv, streams and console are put back, even after a failing run', async () => {
    const before = {
      cwd: process.cwd(),
      env: { ...process.env },
      exitCode: process.exitCode,
      argv: process.argv,
      streams: [process.stdin, process.stdout, process.stderr],
      console: globalThis.console,
      exit: process.exit,
    };
    const run = await runCli(['validate', '-'], { cwd: dir, env: { RESIDENCY_E2E_PROBE: '1' }, input: 'vendors: [\n' });
    expect(run.status).toBe(2);
    expect(process.cwd()).toBe(before.cwd);
    expect(process.env).toEqual(before.env);
    expect(process.env.RESIDENCY_E2E_PROBE).toBeUndefined();
    expect(process.exitCode).toBe(before.exitCode);
    expect(process.argv).toBe(before.argv);
    expect([process.stdin, process.stdout, process.stderr]).toEqual(before.streams);
    expect(globalThis.console).toBe(before.console);
    expect(process.exit).toBe(before.exit);
  });

  it('runs started together run one after the other, each with its own options and output', async () => {
    const [a, b] = await Promise.all([
      runCli(['config', 'show', '--json'], { cwd: dir }),
      runCli(['check', '-', '--as-of', AS_OF, '--format', 'json'], {
        input: `${HEAD}organisation:\n  name: B\nvendors: []\n`,
      }),
    ]);
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout)).toHaveProperty('settings');
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout)).toHaveProperty('organisation.name', 'B');
  });
});
