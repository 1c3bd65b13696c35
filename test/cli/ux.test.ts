import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Config } from '@oclif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, ROOT } from '../helpers.js';
import { runCli } from './run.js';

const CLEAN = 'examples/acme-clean.yaml';
const MINIMAL = 'examples/minimal.yaml';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'residency-ux-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help and mistyped commands', () => {
  it('`residency help check` prints the help of check', async () => {
    const run = await runCli(['help', 'check']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('$ residency check FILES...');
    expect(run.stdout).toContain('--fail-on');
  });

  it('`residency help` lists the commands', async () => {
    const run = await runCli(['help']);
    expect(run.status).toBe(0);
    for (const command of ['check', 'validate', 'import', 'rules']) expect(run.stdout).toContain(command);
  });

  it('`residency chek FILE` suggests check in one line and exits 2 without running anything', async () => {
    const run = await runCli(['chek', CLEAN]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      "error E_USAGE: 'chek' is not a residency command. Did you mean `residency check`? Run `residency help` for the list of commands",
    ]);
  });

  it('a mistyped command under a topic suggests the two-word command', async () => {
    const run = await runCli(['rule', 'list']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Did you mean `residency rules list`?');
  });

  it('a word far from every command gets no guess, still exit 2', async () => {
    const run = await runCli(['xyzzy']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'xyzzy' is not a residency command.");
    expect(run.stderr).not.toContain('Did you mean');
  });
});

describe('flags before the positional arguments', () => {
  it('check --report sarif=PATH FILE keeps FILE as the inventory', async () => {
    const sarif = path.join(dir, 'before.sarif');
    const run = await runCli(['check', '--report', `sarif=${sarif}`, CLEAN, '--as-of', AS_OF, '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
  });

  it('validate --rules RULE FILE validates both', async () => {
    const rule = path.join(dir, 'my-rule.yaml');
    const bundled = readFileSync(path.join(ROOT, 'rules', 'adversary-hosted-data.yaml'), 'utf8');
    writeFileSync(rule, bundled.replace(/^id: adversary-hosted-data$/m, 'id: my-rule'));
    const run = await runCli(['validate', '--rules', rule, CLEAN]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${CLEAN}: valid`);
  });

  it('check --rules RULE --format json FILE1 FILE2 reads both inventories with the extra rule', async () => {
    const rule = path.join(dir, 'other', 'my-other-rule.yaml');
    mkdirSync(path.dirname(rule));
    const bundled = readFileSync(path.join(ROOT, 'rules', 'adversary-hosted-data.yaml'), 'utf8');
    writeFileSync(rule, bundled.replace(/^id: adversary-hosted-data$/m, 'id: my-other-rule'));
    const run = await runCli(['check', '--rules', rule, '--format', 'json', CLEAN, MINIMAL, '--as-of', AS_OF]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { inputs: { path: string }[]; rules: { id: string }[] };
    expect(report.inputs.map((i) => i.path)).toEqual([CLEAN, MINIMAL]);
    expect(report.rules.map((r) => r.id)).toContain('my-other-rule');
  });

  it('every repeatable flag of every command takes one value per occurrence', async () => {
    const config = await Config.load(ROOT);
    const repeatable: string[] = [];
    for (const command of config.commands) {
      const loaded = await command.load();
      for (const [name, flag] of Object.entries(loaded.flags ?? {})) {
        if (flag.type !== 'option' || !flag.multiple) continue;
        repeatable.push(`${command.id} --${name}`);
        expect(flag.multipleNonGreedy || flag.delimiter !== undefined, `${command.id} --${name}`).toBe(true);
      }
    }
    expect(repeatable).toEqual(expect.arrayContaining(['check --report', 'check --rules', 'validate --rules']));
  });
});

describe('reports into a folder that does not exist yet', () => {
  it('--report creates the folder', async () => {
    const target = path.join(dir, 'new', 'deeper', 'residency.sarif');
    const run = await runCli(['check', CLEAN, '--as-of', AS_OF, '--report', `sarif=${target}`, '-q']);
    expect(run.status).toBe(0);
    expect(existsSync(target)).toBe(true);
  });

  it('--output creates the folder', async () => {
    const target = path.join(dir, 'out', 'report.json');
    const run = await runCli(['check', CLEAN, '--as-of', AS_OF, '--format', 'json', '--output', target]);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).summary).toBeDefined();
  });

  it('a path through a file is still a located write error, exit 2', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const run = await runCli([
      'check',
      CLEAN,
      '--as-of',
      AS_OF,
      '--report',
      `sarif=${path.join(file, 'r.sarif')}`,
      '-q',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('E_WRITE');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
