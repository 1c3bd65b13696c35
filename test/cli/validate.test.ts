import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('residency validate', () => {
  it('accepts the bundled examples', async () => {
    const run = await runCli([
      'validate',
      'examples/acme-failing.yaml',
      'examples/acme-clean.yaml',
      'examples/minimal.yaml',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/valid/);
  });

  it('prints one precise, located message per mistake with suggestions', async () => {
    const run = await runCli(['validate', 'test/fixtures/invalid/typos.yaml']);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      "test/fixtures/invalid/typos.yaml:8:18  error E_SCHEMA: vendors[0].criticality has 'hgh', which is not allowed (expected one of critical, high, medium, low). Did you mean 'high'?",
      expect.stringMatching(
        /^test\/fixtures\/invalid\/typos\.yaml:11:19 {2}error E_UNKNOWN_PROVIDER: unknown provider 'alibaba-clod' .*Did you mean 'alibaba-cloud'\?$/,
      ),
      expect.stringMatching(
        /^test\/fixtures\/invalid\/typos\.yaml:15:9 {2}error E_SCHEMA: unknown property 'regoins' in vendors\[0\]\.services\[1\] .*Did you mean 'regions'\?$/,
      ),
      expect.stringMatching(
        /^test\/fixtures\/invalid\/typos\.yaml:18:19 {2}warning W_UNKNOWN_REGION: unknown region 'us-east-9' for provider 'aws' .*Did you mean 'us-east-1'\?$/,
      ),
      '3 error(s)',
    ]);
  });

  it('locates JSON problems', async () => {
    const bad = await runCli(['validate', 'test/fixtures/invalid/bad-id.json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("test/fixtures/invalid/bad-id.json:6:12  error E_SCHEMA: vendors[0].id has 'Bad Id'");
    expect(bad.stderr).toContain("Try 'bad-id'");
    const syntax = await runCli(['validate', 'test/fixtures/invalid/syntax.json']);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/^test\/fixtures\/invalid\/syntax\.json:5:16 {2}error E_PARSE: invalid JSON/);
  });

  it('reports duplicate ids naming both places, and duplicate keys', async () => {
    const dup = await runCli(['validate', 'test/fixtures/invalid/duplicates.yaml']);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain(
      "test/fixtures/invalid/duplicates.yaml:8:9  error E_DUPLICATE_ID: vendor id 'globex' is declared twice: here and at test/fixtures/invalid/duplicates.yaml:6:9",
    );
    const key = await runCli(['validate', 'test/fixtures/invalid/duplicate-key.yaml']);
    expect(key.status).toBe(2);
    expect(key.stderr).toContain("duplicate-key.yaml:5:3  error E_DUPLICATE_KEY: duplicate key 'name'");
  });

  it('--merge checks ids across files', async () => {
    const run = await runCli(['validate', '--merge', 'examples/acme-failing.yaml', 'examples/acme-clean.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /vendor id 'snowflake' is declared twice: here and at examples\/acme-failing\.yaml:\d+:\d+/,
    );
  });

  it('--json prints the diagnostics as JSON', async () => {
    const run = await runCli(['validate', '--json', 'test/fixtures/invalid/typos.yaml']);
    expect(run.status).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out.valid).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({
      code: 'E_SCHEMA',
      line: 8,
      column: 18,
      file: 'test/fixtures/invalid/typos.yaml',
    });
  });

  it('unreadable input is a clear error, never a stack trace', async () => {
    for (const args of [
      ['validate', 'examples/nope.yaml'],
      ['validate', 'test/fixtures/invalid/syntax.yaml'],
    ]) {
      const run = await runCli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/error E_[A-Z_]+/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('validate warnings', () => {
  it('sub-processors that are not vendors are located errors with a did-you-mean, exit 2', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'residency-')), 'sp.yaml');
    writeFileSync(
      file,
      'apiVersion: residency/v1\nkind: Inventory\norganisation: {name: X}\nvendors:\n  - id: acme-a\n    name: A\n    country: US\n    subprocessors: [acme-b]\n    services: [{id: s, provider: aws, regions: [us-east-1], subprocessors: [zz]}]\n',
    );
    const run = await runCli(['validate', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:8:21  error E_UNKNOWN_SUBPROCESSOR: sub-processor 'acme-b'`);
    expect(run.stderr).toContain("Did you mean 'acme-a'?");
    expect(run.stderr).toMatch(/sub-processor 'zz' is not a vendor .*Add 'zz' as a vendor/);
  });
});

describe('validate folders', () => {
  it('validates the inventories in a folder and refuses a folder without any', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    expect((await runCli(['validate', 'examples'])).status).toBe(0);
    const empty = mkdtempSync(path.join(tmpdir(), 'residency-'));
    writeFileSync(path.join(empty, 'workflow.yml'), 'on: push\n');
    const run = await runCli(['validate', empty]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${empty}  error E_NO_INVENTORY`);
  });
});
