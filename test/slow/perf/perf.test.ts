import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import {
  checkCapacity,
  createProgress,
  createStageTimer,
  PARSE_HEAP_FACTOR,
  STAGES,
  timingsWanted,
} from '../../../src/adapters/perf.js';
import { ResidencyError } from '../../../src/model/errors.js';
import { runCliProcess, runProgram } from '../../cli/run.js';

vi.setConfig({ testTimeout: 60_000 });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-perf-'));

function generate(args: string[]): string {
  const r = runProgram(process.execPath, ['bench/generate.mjs', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const cli = (args: string[], env: Record<string, string> = {}) => runCliProcess(args, { env });

describe('bench/generate.mjs', () => {
  it('is seeded and deterministic', () => {
    const a = generate(['--vendors', '150', '--format', 'json', '--seed', '7']);
    const b = generate(['--vendors', '150', '--format', 'json', '--seed', '7']);
    const c = generate(['--vendors', '150', '--format', 'json', '--seed', '8']);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const inv = JSON.parse(a);
    expect(inv.vendors).toHaveLength(150);
    const services = inv.vendors.reduce((n: number, v: { services: unknown[] }) => n + v.services.length, 0);
    expect(services / 150).toBeGreaterThan(2);
    expect(services / 150).toBeLessThan(3);
  });

  it('writes the same inventory as YAML and JSON', () => {
    const json = JSON.parse(generate(['--vendors', '40', '--format', 'json', '--seed', '3']));
    const yamlText = generate(['--vendors', '40', '--format', 'yaml', '--seed', '3']);
    expect(YAML.parse(yamlText)).toEqual(json);
  });

  it('generates inventories that are valid against the schema and the catalogue, with adversary exposure', () => {
    const file = path.join(tmp, 'gen-400.json');
    writeFileSync(file, generate(['--vendors', '400', '--format', 'json', '--seed', '1']));
    const r = cli(['check', file, '--format', 'json', '--as-of', '2026-11-28', '--fail-on', 'never']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    const rules = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(rules.has('adversary-hosted-data')).toBe(true);
    expect(rules.has('adversary-owned-vendor')).toBe(true);
    // every finding still carries a line and column
    for (const f of report.findings) {
      expect(f.location?.line).toBeGreaterThan(0);
      expect(f.location?.column).toBeGreaterThan(0);
    }
  });

  it('generates the provider shape: one valid vendor with a service per would-be vendor, some in China', () => {
    const text = generate(['--vendors', '300', '--format', 'json', '--seed', '1', '--shape', 'provider']);
    const inv = JSON.parse(text);
    expect(inv.vendors).toHaveLength(1);
    expect(inv.vendors[0].services).toHaveLength(300);
    const file = path.join(tmp, 'gen-provider-300.json');
    writeFileSync(file, text);
    const r = cli(['check', file, '--format', 'json', '--as-of', '2026-11-28', '--fail-on', 'never']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'adversary-hosted-data')).toBe(true);
  });

  it('generates the invalid shape: the minified vendors, each failing validation, answered with located errors', () => {
    const text = generate(['--vendors', '30', '--format', 'json', '--seed', '1', '--shape', 'invalid']);
    const inv = JSON.parse(text);
    const minified = JSON.parse(
      generate(['--vendors', '30', '--format', 'json', '--seed', '1', '--shape', 'minified']),
    );
    // the same vendors, with the errors added: nothing else drawn differently
    const cleaned = inv.vendors.map((v: Record<string, unknown>, i: number) => {
      const { note: _note, ...rest } = v;
      return i % 7 === 0 ? { ...rest, criticality: minified.vendors[i].criticality } : rest;
    });
    expect(cleaned).toEqual(minified.vendors);
    expect(text.includes('\n')).toBe(false);
    const file = path.join(tmp, 'gen-invalid-30.json');
    writeFileSync(file, text);
    const r = cli(['check', file, '--format', 'json', '--as-of', '2026-11-28']);
    expect(r.status).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => / error E_SCHEMA: /.test(l));
    // one per vendor for the unknown key, and one per 7th vendor for the criticality
    expect(errors.filter((l) => l.includes("unknown property 'note'"))).toHaveLength(30);
    expect(errors.filter((l) => l.includes(".criticality has 'urgent'"))).toHaveLength(5);
    expect(errors).toHaveLength(35);
    for (const l of errors) expect(l).toMatch(/^\S+:1:\d+ {2}error E_SCHEMA: /);
  });

  it('refuses bad arguments', () => {
    const r = runProgram(process.execPath, ['bench/generate.mjs', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format/);
  });
});

describe('check --timings', () => {
  const stages = [...STAGES];

  it('prints every stage to standard error and nothing extra to standard output', () => {
    const plain = cli(['check', 'examples/acme-failing.yaml', '--format', 'json', '--as-of', '2026-11-28']);
    const timed = cli([
      'check',
      'examples/acme-failing.yaml',
      '--format',
      'json',
      '--as-of',
      '2026-11-28',
      '--timings',
    ]);
    expect(timed.status).toBe(plain.status);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stdout).not.toMatch(/residency:perf/);
    for (const stage of stages)
      expect(timed.stderr).toMatch(
        new RegExp(`^residency:perf ${stage}\\s+\\d+\\.\\d ms {2}heap\\s+[\\d.]+ (MiB|KiB|GiB)$`, 'm'),
      );
    expect(plain.stderr).not.toMatch(/residency:perf/);
  });

  it('is also switched on by DEBUG=residency:perf', () => {
    const r = cli(['check', 'examples/minimal.yaml', '--format', 'json', '--as-of', '2026-11-28'], {
      DEBUG: 'residency:perf',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^residency:perf evaluate/m);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('keeps the report file identical with and without timings', () => {
    const a = path.join(tmp, 'a.json');
    const b = path.join(tmp, 'b.json');
    cli(['check', 'examples/acme-failing.yaml', '--format', 'json', '--as-of', '2026-11-28', '--output', a]);
    const r = cli([
      'check',
      'examples/acme-failing.yaml',
      '--format',
      'json',
      '--as-of',
      '2026-11-28',
      '--output',
      b,
      '--timings',
    ]);
    expect(r.stderr).toMatch(/residency:perf write/);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });
});

describe('perf helpers', () => {
  it('timingsWanted reads --timings and DEBUG', () => {
    expect(timingsWanted(true, {})).toBe(true);
    expect(timingsWanted(false, {})).toBe(false);
    expect(timingsWanted(false, { DEBUG: 'other,residency:perf' })).toBe(true);
    expect(timingsWanted(false, { DEBUG: 'residency:*' })).toBe(true);
    expect(timingsWanted(false, { DEBUG: 'residency:other' })).toBe(false);
  });

  it('the stage timer reports stages in order with a total', () => {
    let t = 0;
    const timer = createStageTimer(
      () => t,
      () => t * 1024 * 1024,
    );
    t = 5;
    timer.mark('load');
    t = 12.5;
    timer.mark('validate');
    const lines = timer.summary().split('\n');
    expect(lines[0]).toMatch(/^residency:perf load\s+5\.0 ms {2}heap\s+5\.0 MiB$/);
    expect(lines[1]).toMatch(/^residency:perf validate\s+7\.5 ms {2}heap\s+12\.5 MiB$/);
    expect(lines[2]).toMatch(/^residency:perf total\s+12\.5 ms$/);
  });

  it('progress is silent unless standard error is a terminal and CI is unset', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) > 0 };
    createProgress(stream, { CI: 'true' }).update('x');
    createProgress({ ...stream, isTTY: false }, {}).update('x');
    expect(written).toEqual([]);
    const p = createProgress(stream, {});
    p.update('loading');
    p.done();
    expect(written.join('')).toContain('loading');
    expect(written[written.length - 1]).toBe('\r\x1b[2K');
  });

  it('refuses inputs that cannot fit in the heap, naming the limit and how to raise it', async () => {
    const file = path.join(tmp, 'big.json');
    writeFileSync(file, 'x'.repeat(4096));
    await expect(checkCapacity([file], { heapLimit: 1000 })).rejects.toBeInstanceOf(ResidencyError);
    const error = await checkCapacity([file], { heapLimit: 1000 }).catch((e: ResidencyError) => e);
    expect((error as ResidencyError).code).toBe('E_TOO_LARGE');
    expect((error as ResidencyError).diagnostics[0].hint).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(await checkCapacity([file])).toBe(4096);
  });

  it('check refuses, after reading and before validating, an inventory whose counts would not fit in the heap', () => {
    // 60,000 vendors in 2.5 MB of JSON: read and parsed in a 64 MiB heap, but their vendors alone are estimated
    // at 146 MiB (HEAP_PER_VENDOR), over the 112 MiB V8 gives that heap, so check stops with E_TOO_LARGE naming the
    // counts, not a V8 crash
    const file = path.join(tmp, 'many-vendors.json');
    const vendors = Array.from({ length: 60_000 }, (_, i) => ({ id: `v${i}`, name: `V${i}` }));
    writeFileSync(file, JSON.stringify({ apiVersion: 'residency/v1', kind: 'Inventory', vendors }));
    const small = runCliProcess(['check', file, '--as-of', '2026-11-28'], {
      env: { NODE_OPTIONS: '--max-old-space-size=64' },
    });
    expect(small.status, small.stderr).toBe(2);
    expect(small.stderr).toMatch(
      /E_TOO_LARGE: 60,000 vendors, 0 services and 0 data sets need about [\d.]+ MiB of heap/,
    );
    expect(small.stderr).toContain('NODE_OPTIONS=--max-old-space-size=');
    // validate enriches too (for its missing-fact warnings): the same refusal, naming validate
    const validate = runCliProcess(['validate', file], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(validate.status, validate.stderr).toBe(2);
    expect(validate.stderr).toMatch(/E_TOO_LARGE: 60,000 vendors/);
    expect(validate.stderr).toContain('residency validate …');
    // at the default heap the same file is read and validated (it lacks an organisation: E_INVENTORY, not E_TOO_LARGE)
    const plain = runCliProcess(['check', file, '--as-of', '2026-11-28']);
    expect(plain.status).toBe(2);
    expect(plain.stderr).not.toMatch(/E_TOO_LARGE/);
  });

  it('validate, diff, verify and import refuse, before reading, what check refuses, naming their own command', () => {
    // 2 MiB of YAML needs ~192 MiB of heap by the YAML factor: over a 64 MiB heap, so refused without being read
    const yaml = path.join(tmp, 'too-big.yaml');
    writeFileSync(yaml, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const key = path.join(tmp, 'key.pub.pem');
    writeFileSync(key, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const runs: [string, string[]][] = [
      ['validate', ['validate', yaml]],
      ['diff', ['diff', yaml, yaml]],
      ['verify', ['verify', yaml, '--key', key]],
      ['import', ['import', yaml, '--input-format', 'csv']],
    ];
    for (const [command, args] of runs) {
      const r = runCliProcess(args, { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
      expect(r.status, `${command}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/E_TOO_LARGE/);
      expect(r.stderr).toContain(`residency ${command} …`);
    }
  });

  it('refuses YAML too large for the heap once read, where its size or format is not known before: standard input, another name, waivers', () => {
    // 2 MiB of YAML needs ~192 MiB of heap to parse: over a 64 MiB heap. Before the guard, each was parsed until V8
    // ran out of memory (a native stack trace and exit 134; 95 MiB piped at the default heap: 91 s)
    const vendors = Array.from({ length: 50_000 }, (_, i) => `  - id: v${i}\n    name: Vendor ${i}\n`).join('');
    const yaml = `apiVersion: residency/v1\nkind: Inventory\norganisation:\n  name: Org\nvendors:\n${vendors}`;
    expect(yaml.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const small = { env: { NODE_OPTIONS: '--max-old-space-size=64' } };
    const piped = runCliProcess(['check', '-', '--as-of', '2026-11-28'], { ...small, input: yaml });
    expect(piped.status, piped.stderr).toBe(2);
    expect(piped.stderr).toMatch(
      /^<stdin> {2}error E_TOO_LARGE: [\d.]+ MiB of YAML needs about [\d.]+ MiB of heap to parse/m,
    );
    expect(piped.stderr).toContain('or pipe it as JSON');
    expect(piped.stderr).not.toMatch(/FATAL| {4}at /);
    // an inventory whose name does not say YAML: found to be YAML once read
    const other = path.join(tmp, 'inventory.txt');
    writeFileSync(other, yaml);
    const named = runCliProcess(['validate', other], small);
    expect(named.status, named.stderr).toBe(2);
    expect(named.stderr).toContain(`${other}  error E_TOO_LARGE:`);
    expect(named.stderr).toContain(`residency validate …; or keep an inventory this large as JSON`);
    // a waiver file: the inventory is small, the waivers are not
    const waivers = path.join(tmp, 'waivers.yaml');
    const entries = Array.from({ length: 40_000 }, (_, i) => `  - rule: r\n    vendor: v${i}\n    reason: why ${i}\n`);
    writeFileSync(waivers, `apiVersion: residency/v1\nkind: Waivers\nwaivers:\n${entries.join('')}`);
    const waived = runCliProcess(
      ['check', 'examples/minimal.yaml', '--waivers', waivers, '--as-of', '2026-11-28'],
      small,
    );
    expect(waived.status, waived.stderr).toBe(2);
    expect(waived.stderr).toContain(`${waivers}  error E_TOO_LARGE:`);
    expect(waived.stderr).toContain('--waivers NAME.json');
    // at the default heap the same waivers are read, and judged (they name no rule of the pack: exit 2, not E_TOO_LARGE)
    const plain = runCliProcess(['check', 'examples/minimal.yaml', '--waivers', waivers, '--as-of', '2026-11-28']);
    expect(plain.stderr).not.toMatch(/E_TOO_LARGE/);
  });

  it('expects YAML to need more heap than JSON (the yaml node tree): refuses it where JSON passes', async () => {
    const json = path.join(tmp, 'same.json');
    const yaml = path.join(tmp, 'same.yaml');
    writeFileSync(json, 'x'.repeat(4096));
    writeFileSync(yaml, 'x'.repeat(4096));
    const heapLimit = 4096 * 32; // room for 16x (JSON), not for YAML's factor
    expect(await checkCapacity([json], { heapLimit })).toBe(4096);
    const error = await checkCapacity([yaml], { heapLimit }).catch((e: ResidencyError) => e);
    expect((error as ResidencyError).code).toBe('E_TOO_LARGE');
    // and the hint says how to get the JSON: convert this file once, with the raised limit
    expect((error as ResidencyError).diagnostics[0].hint).toContain(`residency import ${yaml} --out NAME.json`);
    // commands that only parse JSON (validate, diff, verify) need less: PARSE_HEAP_FACTOR, and YAML keeps its own
    const small = 4096 * 12;
    await expect(checkCapacity([json], { heapLimit: small })).rejects.toBeInstanceOf(ResidencyError);
    expect(await checkCapacity([json], { heapLimit: small, jsonHeapFactor: PARSE_HEAP_FACTOR })).toBe(4096);
    await expect(checkCapacity([yaml], { heapLimit: small, jsonHeapFactor: PARSE_HEAP_FACTOR })).rejects.toBeInstanceOf(
      ResidencyError,
    );
  });
});
