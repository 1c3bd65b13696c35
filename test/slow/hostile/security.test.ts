/**
 * Security properties of the whole tool: prototype-named keys stay data, catastrophic regular
 * expressions are refused, hostile strings cannot drive the terminal, credentials are redacted.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadRulePack } from '../../../src/adapters/workspace.js';
import { compileRule } from '../../../src/engine/compile.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { buildRulePack } from '../../../src/engine/rules.js';
import type { RuleDefinition } from '../../../src/engine/types.js';
import { enrich } from '../../../src/enrich/enrich.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { ResidencyError } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';
import { redactSecrets, terminalSafe } from '../../../src/report/text.js';
import { runCliAsync } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { STACK_LINE, tempDir } from './run.js';

let dir: string;

const EXAMPLES = `examples:
  pass:
    - inventory: { apiVersion: residency/v1, kind: Inventory, organisation: { name: E }, vendors: [] }
  fail:
    - inventory: { apiVersion: residency/v1, kind: Inventory, organisation: { name: E }, vendors: [] }
`;
beforeAll(() => {
  dir = tempDir('residency-security-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const POLLUTING_YAML = `apiVersion: residency/v1
kind: Inventory
organisation:
  name: Proto Corp
vendors:
  - id: proto-vendor
    name: Proto
    __proto__:
      polluted: true
    services:
      - id: app
        provider: aws
        regions: [us-east-1]
`;

const POLLUTING_JSON = JSON.stringify({
  apiVersion: 'residency/v1',
  kind: 'Inventory',
  organisation: { name: 'Proto Corp' },
  vendors: [{ id: 'proto-vendor', name: 'Proto', services: [{ id: 'app', provider: 'aws', regions: ['us-east-1'] }] }],
}).replace(
  '"name":"Proto",',
  '"name":"Proto","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
);

/** Schema-valid: tags are free-form string maps, so these keys really reach enrichment and the rules. */
const VALID_WITH_PROTO_KEYS = `apiVersion: residency/v1
kind: Inventory
organisation:
  name: Proto Corp
vendors:
  - id: proto-vendor
    name: __proto__
    description: constructor
    tags:
      __proto__: polluted
      constructor: polluted
      prototype: polluted
    services:
      - id: app
        name: prototype
        provider: alibaba-cloud
        regions: [cn-hangzhou]
        tags: { __proto__: "x", polluted: "true" }
        data:
          - category: personal
            usPersons: 2000000
`;

describe('prototype-named keys are data, never pollution', () => {
  it('check and validate report a located schema error for __proto__ in a vendor, and nothing is polluted', async () => {
    for (const [name, text, line] of [
      ['proto.yaml', POLLUTING_YAML, ':8:5'],
      ['proto.json', POLLUTING_JSON, ':1:'],
    ] as const) {
      const file = write(name, text);
      for (const command of ['check', 'validate']) {
        const run = await runCliAsync([command, file]);
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr).toContain(`${file}${line}`);
        expect(run.stderr).toContain('E_SCHEMA');
        expect(run.stderr).toContain('__proto__');
        expect(run.stderr).not.toMatch(STACK_LINE);
      }
    }
  });

  it('the pure pipeline keeps __proto__/constructor/prototype as own data (YAML and JSON)', async () => {
    const { catalog } = await loadCatalog([]);
    for (const [file, text] of [
      ['p.yaml', POLLUTING_YAML],
      ['p.json', POLLUTING_JSON],
    ]) {
      const doc = parseText(text, file);
      const vendor = (doc.data as { vendors: Record<string, unknown>[] }).vendors[0];
      expect(Object.hasOwn(vendor, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(vendor)).toBe(Object.prototype);
      const loaded = loadInventory([doc], catalog);
      expect(loaded.diagnostics.some((d) => d.code === 'E_SCHEMA' && d.line !== undefined)).toBe(true);
      // run the rest of the pipeline on it anyway, as a hostile caller of the library could
      const enriched = enrich(doc.data as never, catalog, { asOf: AS_OF, locate: () => undefined });
      const pack = await loadRulePack({});
      evaluate(enriched, pack.compiled, {});
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('a valid inventory with prototype-named tags and names runs end to end without pollution', async () => {
    const file = write('proto-valid.yaml', VALID_WITH_PROTO_KEYS);
    const run = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'json']);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.vendors[0].name).toBe('__proto__');
    expect(report.findings.length).toBeGreaterThan(0);

    const { catalog } = await loadCatalog([]);
    const doc = parseText(VALID_WITH_PROTO_KEYS, 'v.yaml');
    const loaded = loadInventory([doc], catalog);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const tags = loaded.inventory.vendors[0].tags as Record<string, string>;
    expect(Object.hasOwn(tags, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toBe('polluted');
    const enriched = enrich(loaded.inventory, catalog, { asOf: AS_OF, locate: loaded.locate });
    const pack = await loadRulePack({});
    const result = evaluate(enriched, pack.compiled, {});
    expect(result.findings.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a rule file with __proto__ keys is refused with a located error and pollutes nothing', async () => {
    const rule = `id: proto-rule
title: Proto
severity: high
scope: vendor
__proto__:
  polluted: true
when:
  fact: vendor.__proto__.polluted
  equals: true
message: m
rationale: r
remediation: x
references: [{ title: t }]
regimes: []
${EXAMPLES}`;
    const file = write('proto-rule.yaml', rule);
    const run = await runCliAsync(['check', path.join(ROOT, 'examples', 'minimal.yaml'), '--rules', file]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
    expect(run.stderr).toContain('__proto__');
    expect(run.stderr).not.toMatch(STACK_LINE);

    // without the stray key, the fact path through __proto__ is not a fact: refused at load
    const clean = parseText(rule.replace('__proto__:\n  polluted: true\n', ''), 'proto-rule.yaml');
    expect(() => buildRulePack([{ doc: clean, bundled: false }], { version: 't' })).toThrow(ResidencyError);
    // and even compiled past that check, the getter reads own properties only
    const compiled = compileRule(clean.data as RuleDefinition, 'proto-rule.yaml');
    const { catalog } = await loadCatalog([]);
    const doc = parseText(readFileSync(path.join(ROOT, 'examples', 'minimal.yaml'), 'utf8'), 'm.yaml');
    const loaded = loadInventory([doc], catalog);
    const enriched = enrich(loaded.inventory, catalog, { asOf: AS_OF, locate: loaded.locate });
    (Object.prototype as Record<string, unknown>).polluted = true; // worst case: already polluted by someone else
    try {
      expect(evaluate(enriched, [compiled], {}).findings).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('catalogue, waiver and config files with __proto__ keys are refused with located errors', async () => {
    const minimal = path.join(ROOT, 'examples', 'minimal.yaml');
    const catalog = write(
      'proto-catalog.yaml',
      'apiVersion: residency/v1\nkind: Catalog\n__proto__:\n  polluted: true\nproviders: []\n',
    );
    const waivers = write(
      'proto-waivers.yaml',
      'apiVersion: residency/v1\nkind: Waivers\n__proto__: {polluted: true}\nwaivers: []\n',
    );
    const config = write('proto-config.yaml', '__proto__:\n  polluted: true\nfailOn: high\n');
    for (const args of [
      ['check', minimal, '--catalog', catalog],
      ['check', minimal, '--waivers', waivers, '--as-of', AS_OF],
      ['check', minimal, '--config', config, '--as-of', AS_OF],
    ]) {
      const file = args[3];
      const run = await runCliAsync(args);
      expect(run.status, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`${file}:`);
      expect(run.stderr).toMatch(/E_[A-Z_]+/);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });
});

describe('user regular expressions', () => {
  it('a catastrophic pattern in a rule is refused at load with a located error (check --rules)', async () => {
    const file = write(
      'redos.yaml',
      `id: redos
title: ReDoS
severity: low
scope: vendor
when:
  fact: vendor.name
  matches: "(a+)+$"
message: m
rationale: r
remediation: x
references: [{ title: t }]
regimes: []
${EXAMPLES}`,
    );
    const run = await runCliAsync(['check', path.join(ROOT, 'examples', 'minimal.yaml'), '--rules', file], {
      timeout: 30_000,
    });
    expect(run.signal).toBeNull();
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
    expect(run.stderr).toContain('E_RULE_REGEX');
    expect(run.stderr).toContain('(a+)+$');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '"]]>',
  '\u001b[2J\u001b[31mred',
  'a\nb\r\nc',
  '\u202eevil',
  '\u0007bell',
];

function hostileInventory(): string {
  const s = (i: number) => JSON.stringify(HOSTILE[i % HOSTILE.length] + HOSTILE[(i + 3) % HOSTILE.length]);
  return `apiVersion: residency/v1
kind: Inventory
organisation:
  name: ${s(2)}
vendors:
  - id: hostile
    name: ${s(4)}
    description: ${s(0)}
    country: CN
    ownership:
      - entity: ${s(2)}
        country: CN
    services:
      - id: app
        name: ${s(1)}
        description: ${s(3)}
        provider: alibaba-cloud
        regions: [cn-hangzhou]
        data:
          - category: personal
            usPersons: 2000000
            description: ${s(5)}
`;
}

describe('hostile strings in names and descriptions', () => {
  it('the terminal report has no ESC, bell or RTL override, on stdout and in the --output verdict line', async () => {
    const file = write('hostile.yaml', hostileInventory());
    const run = await runCliAsync(['check', file, '--as-of', AS_OF, '--no-color']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('evil'); // visible text is kept, only control characters go
    for (const out of [run.stdout, run.stderr]) {
      expect(out).not.toContain('\u001b');
      expect(out).not.toContain('\u202e');
      expect(out).not.toContain('\u0007');
    }
    const out = path.join(dir, 'hostile-report.json');
    const toFile = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'json', '--output', out]);
    expect(toFile.status).toBe(1);
    expect(toFile.stderr).not.toMatch(/[\u001b\u202e\u0007]/);
    // JSON keeps the data exactly (escaped by JSON.stringify), and parses
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.organisation.name).toContain('\u001b[2J');
  });

  it('terminalSafe strips CSI, OSC, C0/C1 controls and bidi overrides', () => {
    expect(terminalSafe('a\u001b[2J\u001b[31mb\u001b]0;t\u0007c\u202ed\u0000e\u009bf\nG')).toBe('abcdef G');
  });
});

describe('secrets are never echoed into reports', () => {
  const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
  const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('redactSecrets removes credential shapes and keeps ordinary text', () => {
    expect(redactSecrets(`key ${AWS_KEY} here`)).toBe('key [REDACTED] here');
    expect(redactSecrets(`secret ${AWS_SECRET}.`)).toBe('secret [REDACTED].');
    expect(redactSecrets('db_password=hunter2, next')).toBe('db_password=[REDACTED], next');
    expect(redactSecrets('api_key: "abc def"')).toBe('api_key: [REDACTED]');
    expect(redactSecrets('Authorization: Bearer abcdefghijk123')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('postgres://app:s3cr3t@db.internal/x')).toBe('postgres://app:[REDACTED]@db.internal/x');
    expect(redactSecrets('token ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('token [REDACTED]');
    expect(redactSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('[REDACTED]');
    // not secrets: hex digests, ordinary words, a vendor called Token Corp, a 40-char lowercase id
    const sha1 = '3f786850e387550fdab836ed7e6dc881de23001b';
    expect(redactSecrets(`sha ${sha1}`)).toBe(`sha ${sha1}`);
    expect(redactSecrets('Token Corp stores password hashes')).toBe('Token Corp stores password hashes');
    expect(redactSecrets('Alibaba Cloud (Hangzhou) — controlled from CN')).toBe(
      'Alibaba Cloud (Hangzhou) — controlled from CN',
    );
  });

  it('leaves long adversarial text that holds no secret as it is', () => {
    // near-misses of every pattern, a million characters each: a backtracking pattern would not return here
    // within the test's timeout (how long it takes is measured by no test: timings belong in bench/)
    const nearMisses = [
      'a_'.repeat(500_000),
      'A'.repeat(1_000_000),
      `${'Ab1'.repeat(13)}-`.repeat(25_000),
      'passw'.repeat(200_000),
    ];
    for (const text of nearMisses) expect(redactSecrets(text) === text).toBe(true);
    // and a secret at the end of such text is still found
    expect(redactSecrets(`${'a_'.repeat(500_000)} password=hunter2`).endsWith('password=[REDACTED]')).toBe(true);
  });

  it('credentials in an inventory do not reach finding messages or evidence in any format', async () => {
    const inventory = `apiVersion: residency/v1
kind: Inventory
organisation:
  name: Leaky Corp
vendors:
  - id: leaky
    name: "Leaky ${AWS_KEY}"
    country: US
    ownership:
      - entity: "Holdco password=hunter2 ${AWS_SECRET}"
        country: CN
        percent: 100
    services:
      - id: app
        provider: alibaba-cloud
        regions: [cn-hangzhou]
        data:
          - category: personal
            usPersons: 2000000
`;
    const file = write('leaky.yaml', inventory);
    const run = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'json']);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    const findingsText = JSON.stringify(report.findings);
    expect(findingsText).toContain('[REDACTED]');
    for (const secret of [AWS_KEY, AWS_SECRET, 'hunter2']) expect(findingsText).not.toContain(secret);
    // the vendor summary names the controller and its chain too: redacted as well, and nowhere else in the report
    const leaky = report.vendors.find((v: { id: string }) => v.id === 'leaky');
    expect(leaky.controller).toContain('[REDACTED]');
    expect(leaky.controlEvidence).toContain('[REDACTED]');
    for (const secret of [AWS_KEY, AWS_SECRET, 'hunter2']) expect(run.stdout).not.toContain(secret);
    const pretty = await runCliAsync(['check', file, '--as-of', AS_OF, '--no-color']);
    const findingsPart = pretty.stdout.split('\nSummary')[0].split('\n').slice(1).join('\n');
    for (const secret of [AWS_SECRET, 'hunter2']) expect(findingsPart).not.toContain(secret);
  });
});

describe('typed errors only', () => {
  it('ResidencyError is what the loaders throw', () => {
    expect(() => parseText('a: [', 'x.yaml')).toThrow(ResidencyError);
  });
});
