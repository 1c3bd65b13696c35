import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/engine/compile.js';
import type { FactSet } from '../../src/enrich/types.js';
import { englishList, indefiniteArticle, withArticle } from '../../src/util/text.js';
import { AS_OF, ROOT } from '../helpers.js';
import { runCli } from './run.js';

const WORDING = path.join(ROOT, 'test', 'fixtures', 'first-contact', 'wording.yaml');

interface JsonFinding {
  ruleId: string;
  vendor?: { id: string; name: string };
  service?: { id: string };
  message: string;
  evidence: string[];
}

async function findings(file: string): Promise<JsonFinding[]> {
  const r = await runCli(['check', file, '--format', 'json', '--as-of', AS_OF, '--fail-on', 'never']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

function one(all: JsonFinding[], ruleId: string, vendor: string): JsonFinding {
  const found = all.filter((f) => f.ruleId === ruleId && f.vendor?.id === vendor);
  expect(found, `${ruleId} on ${vendor}`).toHaveLength(1);
  return found[0];
}

describe('findings read as sentences (issue 16)', async () => {
  const all = await findings(WORDING);

  it('says how the data is protected instead of "has none keys"', () => {
    const keys = one(all, 'provider-held-keys', 'vaultbox');
    expect(keys.message).not.toMatch(/\b(none|provider|unknown) keys\b|encrypted at rest: (true|false)/);
    expect(keys.message).toContain('is not encrypted at rest, so the provider can read it');
    const unrecorded = one(all, 'provider-held-keys', 'fleet');
    expect(unrecorded.message).toContain('is not recorded as encrypted at rest');
  });

  it('counts devices when the inventory gave devices, and says when the count is unknown', () => {
    const geo = one(all, 'personal-data-adversary-provider', 'vaultbox');
    expect(geo.message).toContain('(20,000 US devices)');
    expect(geo.message).not.toContain('unknown US persons');
    const unknown = one(all, 'personal-data-adversary-provider', 'fleet');
    expect(unknown.message).toContain('(an unknown number of US persons)');
  });

  it('never names a company as its own controller', () => {
    for (const f of all) expect(f.message).not.toMatch(/([A-Z][\w .,&()-]+?) \(controlled by \1,/);
    const privileged = one(all, 'privileged-access-adversary-provider', 'vaultbox');
    expect(privileged.message).toMatch(/^VaultBox Backup Ltd \(GB\) has privileged/);
    expect(privileged.message).toContain('Alibaba Cloud (controlled by Alibaba Group Holding Limited, CN)');
  });

  it('says why a vendor is adversary-linked, with evidence that agrees', () => {
    for (const vendor of ['vaultbox', 'fleet']) {
      const f = one(all, 'no-regulatory-termination-clause', vendor);
      expect(f.message).not.toContain('(adversary-linked)');
      expect(f.message).toMatch(/linked to a foreign adversary: .+ (runs on|is hosted in) /);
      for (const e of f.evidence) expect(e).not.toContain('no adversary in the controlling chain');
    }
  });

  it('names each restricted list once, as a list, with one evidence line per list', () => {
    const f = one(all, 'restricted-list-entity', 'cloudy');
    const lists = ['BIS Entity List', 'FCC Covered List', 'Treasury Non-SDN Chinese Military-Industrial Complex'];
    for (const name of lists) {
      expect(f.message.split(name)).toHaveLength(2);
      expect(f.evidence.filter((e) => e.includes(name))).toHaveLength(1);
    }
    expect(f.message).toMatch(/restricted lists: BIS Entity List, .+ and Treasury/);
    // one evidence line per list, each starting with a list the message names exactly once
    expect(new Set(f.evidence.map((e) => e.split(' (')[0])).size).toBe(f.evidence.length);
    for (const e of f.evidence) expect(f.message.split(e.split(' (')[0])).toHaveLength(2);
  });

  it('uses "an" before a vowel sound in validation messages', async () => {
    const r = await runCli(['validate', '-'], {
      input: [
        'apiVersion: residency/v1',
        'kind: Inventory',
        'organisation: { name: T }',
        'vendors:',
        '  - id: a',
        '    name: A',
        '    services:',
        '      - { id: s, provider: alibaba-cloud, regions: [us-east-9] }',
        '',
      ].join('\n'),
    });
    expect(r.stdout + r.stderr).toContain('expected an Alibaba Cloud region id');
    expect(r.stdout + r.stderr).not.toMatch(/\ba Alibaba/);
  });
});

describe('text helpers', () => {
  it('chooses a or an by sound', () => {
    expect(withArticle('object-storage')).toBe('an object-storage');
    expect(withArticle('Alibaba Cloud')).toBe('an Alibaba Cloud');
    expect(withArticle('database')).toBe('a database');
    expect(indefiniteArticle('US person')).toBe('a');
    expect(indefiniteArticle('FCC list')).toBe('an');
    expect(indefiniteArticle('unique id')).toBe('a');
    expect(indefiniteArticle('hour')).toBe('an');
  });

  it('joins lists with and, switching to semicolons when items hold commas', () => {
    expect(englishList(['a'])).toBe('a');
    expect(englishList(['a', 'b'])).toBe('a and b');
    expect(englishList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(englishList(['X, Ltd', 'Y'])).toBe('X, Ltd; and Y');
  });

  it('templates: no doubled full stop after a value ending a sentence, a/an fitted to the value', () => {
    const facts = { vendor: { name: 'Tracking services.', kind: 'object-storage', list: ['x', 'y'] } };
    const render = compileTemplate('{{vendor.name}} is a {{vendor.kind}} holding {{vendor.list}}: {{vendor.name}}.');
    expect(render(facts as unknown as FactSet)).toBe(
      'Tracking services. is an object-storage holding x and y: Tracking services.',
    );
    expect(compileTemplate('Wait...')({} as FactSet)).toBe('Wait...');
  });
});

describe('an unresolved sub-processor is an error, not a silently lost finding', () => {
  const inventory = (ref: string): string =>
    [
      'apiVersion: residency/v1',
      'kind: Inventory',
      'organisation: { name: T }',
      'vendors:',
      '  - id: payroll-co',
      '    name: Payroll Co',
      '    country: US',
      `    subprocessors: [${ref}]`,
      '    services: [{ id: s, provider: aws, regions: [us-east-1] }]',
      '  - id: globex-analytics',
      '    name: Globex',
      '    country: CN',
      '    services: [{ id: t, provider: alibaba-cloud, regions: [cn-hangzhou] }]',
      '',
    ].join('\n');

  it('check stops with a located error and a did-you-mean', async () => {
    const r = await runCli(['check', '-', '--as-of', AS_OF], { input: inventory('globex-analytcs') });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "<stdin>:8:21  error E_UNKNOWN_SUBPROCESSOR: sub-processor 'globex-analytcs' is not a vendor in the inventory",
    );
    expect(r.stderr).toContain("Did you mean 'globex-analytics'?");
  });

  it('with the id right, the transitive finding is there', async () => {
    const r = await runCli(['check', '-', '--as-of', AS_OF, '--format', 'json', '--fail-on', 'never'], {
      input: inventory('globex-analytics'),
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(
      report.findings.some((f) => f.ruleId === 'transitive-adversary-exposure' && f.vendor?.id === 'payroll-co'),
    ).toBe(true);
  });
});

describe('validate accepts every input check accepts', () => {
  const FX = 'test/fixtures/importers';
  const inputs: [string, string[]][] = [
    ['a Terraform folder', [`${FX}/terraform-alicloud`]],
    ['a Terraform file', [`${FX}/terraform-alicloud/main.tf`]],
    ['a plan', [`${FX}/plan/plan.json`]],
    ['a CycloneDX JSON BOM', [`${FX}/cyclonedx/bom-1.6.json`]],
    ['a CycloneDX XML BOM', [`${FX}/cyclonedx/bom-1.4.xml`]],
    ['a CSV list', [`${FX}/csv/vendors.csv`]],
    ['an inventory with its waivers', ['examples/acme-failing.yaml', '--waivers', 'examples/waivers.yaml']],
  ];
  for (const [what, args] of inputs) {
    it(what, async () => {
      const check = await runCli(['check', ...args, '--as-of', AS_OF, '--fail-on', 'never', '--format', 'json']);
      expect(check.status, check.stderr).toBe(0);
      const validate = await runCli(['validate', ...args]);
      expect(validate.status, validate.stderr).toBe(0);
      expect(validate.stdout).toMatch(/: valid/);
    });
  }

  it('a bad waiver file is reported by validate --waivers', async () => {
    const r = await runCli([
      'validate',
      'examples/minimal.yaml',
      '--waivers',
      'test/fixtures/first-contact/bad-waivers.yaml',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad-waivers\.yaml:\d+:\d+ {2}error E_WAIVERS: .*missing required property 'reason'/);
  });

  it('names standard input <stdin>', async () => {
    const r = await runCli(['validate', '-'], {
      input: readFileSync(path.join(ROOT, 'examples/minimal.yaml'), 'utf8'),
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('<stdin>: valid\n');
  });
});

describe('catalog providers names who controls each provider', () => {
  it('the ultimate controller, not only the contracting entity', async () => {
    const r = await runCli(['catalog', 'providers']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^tencent-cloud .*Tencent Cloud International Pte\. Ltd\. \(SG\), controlled by Tencent Holdings Limited \(CN\)$/m,
    );
    expect(r.stdout).toMatch(/^byteplus .*— BytePlus \(SG\), controlled by ByteDance Ltd\. \(CN\)$/m);
    const rows = JSON.parse((await runCli(['catalog', 'providers', '--json'])).stdout) as {
      id: string;
      controller?: string;
    }[];
    expect(rows.find((p) => p.id === 'tencent-cloud')?.controller).toBe('Tencent Holdings Limited');
  });
});

describe('one clear error for a tab-indented YAML file', () => {
  it('names the tab lines once, located at the first, with the fix', async () => {
    const text =
      'apiVersion: residency/v1\nkind: Inventory\norganisation:\n\tname: T\nvendors:\n\t- id: a\n\t  name: A\n';
    for (const command of ['validate', 'check']) {
      const r = await runCli([command, '-'], { input: text });
      expect(r.status).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l.includes(' error '));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^<stdin>:4:1 {2}error E_PARSE: invalid YAML: the file is indented with tabs \(3 line\(s\): 4, 6, 7\)/,
      );
      expect(lines[0]).toContain('Replace the leading tabs with spaces');
    }
  });
});

describe('verify --inputs matches by content', () => {
  it('a report made from standard input verifies against the file, which was recorded as <stdin>', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'residency-verify-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = path.join(dir, 'key.pem');
    const pub = path.join(dir, 'pub.pem');
    writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    const inventory = path.join(ROOT, 'examples', 'minimal.yaml');
    const report = path.join(dir, 'report.json');
    const checked = await runCli(
      ['check', '-', '--as-of', AS_OF, '--format', 'json', '--sign', key, '--output', report],
      {
        input: readFileSync(inventory, 'utf8'),
      },
    );
    expect(checked.status, checked.stderr).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { inputs: { path: string }[] }).inputs[0].path).toBe('<stdin>');
    const ok = await runCli(['verify', report, '--key', pub, '--inputs', inventory]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`input ${inventory}: sha256 matches (recorded as <stdin>)`);
    const other = path.join(dir, 'other.yaml');
    writeFileSync(other, `${readFileSync(inventory, 'utf8')}# edited\n`);
    const bad = await runCli(['verify', report, '--key', pub, '--inputs', other]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('NOT IN REPORT');
    rmSync(dir, { recursive: true, force: true });
  });
});
