import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/adapters/import-files.js';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { type ImportedFragment, resolveRegion } from '../../../src/importers/common.js';
import { countriesIn, importCsv } from '../../../src/importers/csv.js';
import { importCycloneDxXml } from '../../../src/importers/cyclonedx.js';
import { detectImportFormat } from '../../../src/importers/detect.js';
import { locateBlock } from '../../../src/importers/terraform.js';
import { combineFragments, mergeWithPrevious } from '../../../src/inventory/merge.js';
import { ResidencyError } from '../../../src/model/errors.js';
import type { Service, Vendor } from '../../../src/model/types.js';
import { validate } from '../../../src/schema/schemas.js';

const FX = 'test/fixtures/importers';
let catalog: Catalog;

beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

async function importOne(
  file: string,
  extra: Partial<Parameters<typeof readInputs>[1]['importOptions']> = {},
): Promise<ImportedFragment> {
  const read = await readInputs([file], { importOptions: { catalog, ...extra } });
  expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(read.fragments).toHaveLength(1);
  const fragment = read.fragments[0];
  // every import is a valid canonical inventory
  expect(validate('inventory', JSON.parse(JSON.stringify(fragment.inventory)))).toEqual([]);
  return fragment;
}

async function importError(file: string, extra: Record<string, unknown> = {}) {
  const read = await readInputs([file], { importOptions: { catalog, ...extra } });
  expect(read.fragments).toHaveLength(0);
  expect(read.diagnostics.length).toBeGreaterThan(0);
  return read.diagnostics[0];
}

function services(fragment: ImportedFragment): Map<string, Service & { vendor: Vendor }> {
  const out = new Map<string, Service & { vendor: Vendor }>();
  for (const vendor of fragment.inventory.vendors)
    for (const s of vendor.services ?? []) out.set(s.id, { ...s, vendor });
  return out;
}

describe('Terraform .tf folders', () => {
  it('resolves regions through variables, locals, aliases, zones and providers passed to modules', async () => {
    const f = await importOne(`${FX}/terraform-alicloud`);
    expect(f.format).toBe('terraform');
    expect(f.inventory.organisation.name).toBe('Imported inventory');
    expect(f.inventory.vendors.map((v) => v.id)).toEqual(['alibaba-cloud']);
    const s = services(f);
    expect([...s.keys()].sort()).toEqual([
      'alicloud_db_instance.orders',
      'alicloud_instance.hk_web',
      'alicloud_log_project.audit',
      'alicloud_oss_bucket.logs',
      'module.db.alicloud_db_instance.replica',
      'module.legacy.alicloud_instance.worker',
      'module.legacy.alicloud_oss_bucket.archive',
      'module.vpc',
    ]);
    // a provider block inside a local module configures that module's resources
    expect(s.get('module.legacy.alicloud_oss_bucket.archive')?.regions).toEqual(['cn-beijing']);
    // a module argument feeds the module's variable (a zone, mapped to its region)
    const worker = s.get('module.legacy.alicloud_instance.worker');
    expect(worker?.regions).toEqual(['cn-beijing']);
    expect(worker?.inferred?.some((i) => i.from.includes('module.legacy.zone'))).toBe(true);
    // variable default on the default provider
    expect(s.get('alicloud_db_instance.orders')?.regions).toEqual(['cn-hangzhou']);
    expect(s.get('alicloud_db_instance.orders')?.inferred?.[0].from).toContain('var.region default');
    // alias bound with provider = alicloud.qingdao, region from a local
    const logs = s.get('alicloud_oss_bucket.logs');
    expect(logs?.regions).toEqual(['cn-qingdao']);
    expect(logs?.inferred?.some((i) => i.from.includes('local.qingdao'))).toBe(true);
    expect(logs?.data).toEqual([{ category: 'personal' }]);
    expect(logs?.storesData).toBe(true);
    expect(logs?.source).toEqual({ file: `${FX}/terraform-alicloud/main.tf`, line: 39, column: 1 });
    // zone id given per resource → region by stripping the zone suffix (inferred)
    const hk = s.get('alicloud_instance.hk_web');
    expect(hk?.regions).toEqual(['cn-hongkong']);
    expect(hk?.inferred?.some((i) => i.fact === 'region cn-hongkong' && i.from.includes('cn-hongkong-b'))).toBe(true);
    expect(hk?.source?.line).toBe(52);
    // variable without default → unknown, not guessed
    const audit = s.get('alicloud_log_project.audit');
    expect(audit?.regions).toBeUndefined();
    expect(audit?.unknowns?.some((u) => u.includes("'audit_region'") && u.includes('no default'))).toBe(true);
    // local module with providers = { alicloud = alicloud.sh }
    const replica = s.get('module.db.alicloud_db_instance.replica');
    expect(replica?.regions).toEqual(['cn-shanghai']);
    expect(replica?.data).toEqual([{ category: 'financial' }]);
    expect(replica?.source).toEqual({ file: `${FX}/terraform-alicloud/modules/db/main.tf`, line: 3, column: 1 });
    // remote module using an adversary provider's configuration counts as a service
    const vpc = s.get('module.vpc');
    expect(vpc?.provider).toBe('alibaba-cloud');
    expect(vpc?.regions).toEqual(['cn-qingdao']);
    expect(vpc?.unknowns?.some((u) => u.includes('not available locally'))).toBe(true);
    // utility providers (random) are not vendors and raise no warning
    expect(f.diagnostics).toEqual([]);
  });

  it('handles Azure environment = "china", per-resource region/zone overrides and interpolations', async () => {
    const f = await importOne(`${FX}/terraform-multi`);
    expect(f.inventory.vendors.map((v) => v.id).sort()).toEqual(['aws', 'azure', 'huawei-cloud', 'yandex-cloud']);
    const s = services(f);
    const cn = s.get('azurerm_storage_account.cn');
    expect(cn?.regions).toEqual(['chinaeast2']); // display name "China East 2"
    expect(cn?.countries).toEqual(['CN']);
    expect(cn?.inferred?.some((i) => i.from.includes('environment = "china"'))).toBe(true);
    expect(s.get('huaweicloud_obs_bucket.hk')?.regions).toEqual(['ap-southeast-1']); // resource region overrides
    expect(s.get('huaweicloud_obs_bucket.bj')?.regions).toEqual(['cn-north-4']);
    expect(s.get('yandex_storage_bucket.ru')?.regions).toEqual(['ru-central1']); // provider zone → region
    expect(s.get('yandex_compute_instance.vm')?.regions).toEqual(['ru-central1']); // resource zone
    expect(s.get('aws_s3_bucket.hk')?.data).toEqual([{ category: 'health' }]); // DataClassification = phi
    const bad = s.get('aws_s3_bucket.bad');
    expect(bad?.regions).toBeUndefined();
    expect(bad?.unknowns?.join(' ')).toMatch(/undeclared variable 'nope'|cannot be resolved/);
    expect(f.diagnostics?.map((d) => [d.code, d.line])).toEqual([['W_IMPORT_MODULE', 61]]);
  });

  it('reads terraform.tfvars over defaults, and never crashes on odd values', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-tf-'));
    try {
      writeFileSync(
        path.join(dir, 'main.tf'),
        [
          'variable "region" { default = "us-east-1" }',
          'provider "alicloud" { region = var.region }',
          'provider "yandex" { zone = "ru-central1-a" }',
          'resource "alicloud_oss_bucket" "a" {}',
          'resource "alicloud_oss_bucket" "b" {',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
          '  region = "${upper("x")}"',
          '}',
          'resource "alicloud_oss_bucket" "c" {',
          '  region = ["cn-hangzhou"]',
          '}',
          'resource "yandex_storage_bucket" "z" {',
          '  zone = "nowhere-9"',
          '}',
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(dir, 'terraform.tfvars'), 'region = "cn-beijing"\n');
      const f = await importOne(dir);
      const s = services(f);
      expect(s.get('alicloud_oss_bucket.a')?.regions).toEqual(['cn-beijing']);
      // a function call the importer cannot evaluate does not hide the provider's region; it is recorded
      expect(s.get('alicloud_oss_bucket.b')?.regions).toEqual(['cn-beijing']);
      expect(
        s
          .get('alicloud_oss_bucket.b')
          ?.inferred?.map((i) => i.from)
          .join('\n'),
      ).toContain('region = upper("x") was not evaluated');
      expect(s.get('alicloud_oss_bucket.c')?.regions).toEqual(['cn-hangzhou']);
      expect(s.get('yandex_storage_bucket.z')?.unknowns?.join('\n')).toContain(
        "'nowhere-9' is not a known Yandex Cloud region",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses malformed HCL with a located error', async () => {
    const d = await importError(`${FX}/terraform-malformed`);
    expect(d).toMatchObject({ code: 'E_PARSE', file: `${FX}/terraform-malformed/main.tf`, line: 2, column: 12 });
  });

  it('locates block headers regardless of spacing and skips look-alikes', () => {
    const text = '# resource "a_b" "c" {\nresource   "a_b"\t"c"  {\n}\n';
    expect(locateBlock(text, 'resource', ['a_b', 'c'])).toEqual({ line: 2, column: 1 });
    expect(locateBlock('  module db {\n}', 'module', ['db'])).toEqual({ line: 1, column: 3 });
  });

  it('locates each of thousands of blocks of one file at its own header, and the headers the index cannot read', () => {
    const n = 3000;
    let text = '';
    let line = 1;
    const lines: number[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(line);
      const before = text.length;
      // alternating quoted and bare labels, one header across two lines, a look-alike in a comment
      text +=
        i % 3 === 0
          ? `resource "aws_s3_bucket" "b${i}" {\n  bucket = "x"\n}\n`
          : i % 3 === 1
            ? `  resource aws_s3_bucket b${i}\n  {\n}\n# resource "aws_s3_bucket" "b${i + 1}" {\n`
            : `resource\t"aws_s3_bucket"   "b${i}"{\n}\n`;
      line += text.slice(before).split('\n').length - 1;
    }
    for (let i = 0; i < n; i++) {
      expect(locateBlock(text, 'resource', ['aws_s3_bucket', `b${i}`])).toEqual({
        line: lines[i],
        column: i % 3 === 1 ? 3 : 1,
      });
    }
    expect(locateBlock(text, 'resource', ['aws_s3_bucket', 'none'])).toEqual({ line: 1, column: 1 });
    // a label with an escaped quote is not read by the index: found by the search of the whole text, as before
    const odd = 'resource "a" "x" {\n}\nresource "a" "q\\"x" {\n}\n';
    expect(locateBlock(odd, 'resource', ['a', 'q\\"x'])).toEqual({ line: 3, column: 1 });
  });

  it('maps zones to regions and keeps malformed values unknown', () => {
    expect(resolveRegion(catalog, 'yandex-cloud', 'ru-central1-b', 'zone')).toMatchObject({ region: 'ru-central1' });
    expect(resolveRegion(catalog, 'alibaba-cloud', 'cn-hongkong-b', 'zone')).toMatchObject({ region: 'cn-hongkong' });
    expect(resolveRegion(catalog, 'aws', 'us-east-1a', 'zone')).toMatchObject({ region: 'us-east-1' });
    expect(resolveRegion(catalog, 'aws', 'cn-hongkong-b', 'region').unknown).toContain('not a known');
  });
});

describe('Terraform plan JSON', () => {
  it('reads resource changes, provider configs, variables, aliases and after-values', async () => {
    const f = await importOne(`${FX}/plan/plan.json`);
    expect(f.format).toBe('terraform-plan');
    const s = services(f);
    expect([...s.keys()].sort()).toEqual([
      'alicloud_db_instance.hz',
      'alicloud_oss_bucket.data',
      'huaweicloud_obs_bucket.hk',
    ]);
    expect(s.get('alicloud_oss_bucket.data')?.regions).toEqual(['cn-shanghai']); // var.region from plan variables
    expect(s.get('alicloud_oss_bucket.data')?.data).toEqual([{ category: 'personal' }]);
    expect(s.get('alicloud_db_instance.hz')?.regions).toEqual(['cn-hangzhou']); // alias config
    expect(s.get('huaweicloud_obs_bucket.hk')?.regions).toEqual(['ap-southeast-1']); // change.after.region
    expect(s.get('alicloud_oss_bucket.data')?.source).toEqual({
      file: `${FX}/plan/plan.json`,
      line: 8,
      column: 5,
      pointer: '/resource_changes/0',
    });
    expect(s.get('huaweicloud_obs_bucket.hk')?.source?.line).toBe(28);
  });

  it('refuses a plan of the wrong shape with a located error', async () => {
    const d = await importError(`${FX}/plan/wrong-shape.json`);
    expect(d).toMatchObject({ code: 'E_IMPORT_SHAPE', line: 5, column: 5 });
  });
});

describe('CycloneDX', () => {
  it('imports 1.4 JSON services, nested services, endpoints and classifications', async () => {
    const f = await importOne(`${FX}/cyclonedx/bom-1.4.json`);
    const s = services(f);
    const oss = s.get('svc-oss');
    expect(oss?.provider).toBe('alibaba-cloud');
    expect(oss?.regions).toEqual(['cn-hangzhou']);
    expect(oss?.inferred?.some((i) => i.fact === 'region cn-hangzhou' && i.from.includes('oss-cn-hangzhou'))).toBe(
      true,
    );
    expect(oss?.data?.map((d) => d.category)).toEqual(['financial', 'personal']);
    expect(oss?.source).toMatchObject({ line: 7, column: 5, pointer: '/services/0' });
    const cdn = s.get('svc-oss-cdn'); // nested, provider from endpoint domain
    expect(cdn?.provider).toBe('alibaba-cloud');
    expect(cdn?.source?.pointer).toBe('/services/0/services/0');
    const analytics = s.get('svc-analytics');
    expect(analytics?.provider).toEqual({ name: 'Example Analytics GmbH' });
    expect(analytics?.vendor.id).toBe('example-analytics-gmbh');
    expect(analytics?.data?.map((d) => d.category)).toEqual(['health', 'unknown']);
    expect(analytics?.unknowns?.some((u) => u.includes('TOP-SECRET-X'))).toBe(true);
    expect(s.get('svc-internal')?.vendor.id).toBe('acme-shop'); // no provider: one vendor per BOM
  });

  it('imports 1.6 JSON (trustZone, data flows with governance) and honours --map classification', async () => {
    const f = await importOne(`${FX}/cyclonedx/bom-1.6.json`, { map: { 'classification.PHI': 'other' } });
    const s = services(f);
    expect(s.get('yc-storage')?.provider).toBe('yandex-cloud');
    expect(s.get('yc-storage')?.tags?.trustZone).toBe('external');
    expect(s.get('yc-storage')?.data).toEqual([{ category: 'personal' }]);
    expect(s.get('tc-cos')?.regions).toEqual(['ap-guangzhou']);
    expect(s.get('tc-cos')?.data).toEqual([{ category: 'other' }]);
  });

  it('locates every service of a one-line XML document at its own column', async () => {
    const pretty = readFileSync(`${FX}/cyclonedx/bom-1.4.xml`, 'utf8');
    const oneLine = pretty.replace(/>\s*\n\s*</g, '><');
    expect(oneLine.split('\n').filter(Boolean)).toHaveLength(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-cdx-'));
    try {
      const file = path.join(dir, 'bom.cdx.xml');
      writeFileSync(file, oneLine);
      const a = services(await importOne(file));
      for (const id of ['svc-oss', 'svc-nested']) {
        // the column of the service's own <service bom-ref="…"> tag (before: line 1, column 1 for all but the first)
        expect(a.get(id)?.source).toEqual({ file, line: 1, column: oneLine.indexOf(`<service bom-ref="${id}"`) + 1 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports 1.4 and 1.6 XML, locating services by bom-ref', async () => {
    const a = services(await importOne(`${FX}/cyclonedx/bom-1.4.xml`));
    expect(a.get('svc-oss')?.regions).toEqual(['cn-shanghai']);
    expect(a.get('svc-oss')?.source).toEqual({ file: `${FX}/cyclonedx/bom-1.4.xml`, line: 4, column: 5 });
    expect(a.get('svc-nested')?.regions).toEqual(['cn-qingdao']);
    expect(a.get('svc-nested')?.source?.line).toBe(17);
    const b = services(await importOne(`${FX}/cyclonedx/bom-1.6.xml`));
    expect(b.get('hw-obs')).toMatchObject({
      provider: 'huawei-cloud',
      regions: ['ap-southeast-1'],
      data: [{ category: 'financial' }],
    });
    expect(b.get('hw-obs')?.tags?.trustZone).toBe('partner');
  });

  it('refuses entity expansion and external entities before parsing', async () => {
    for (const name of ['billion-laughs.xml', 'xxe.xml']) {
      const d = await importError(`${FX}/cyclonedx/${name}`);
      expect(d).toMatchObject({ code: 'E_XML_ENTITY', line: 3, column: 3 });
    }
    expect(() =>
      importCycloneDxXml('<!DOCTYPE bom SYSTEM "http://127.0.0.1:1/x.dtd"><bom/>', 'x.xml', { catalog }),
    ).toThrow(ResidencyError);
    expect(() => importCycloneDxXml('<bom><services><service></bom>', 'x.xml', { catalog })).toThrow(/invalid XML/);
  });
});

describe('CSV', () => {
  it('turns free-text locations into countries, longest names first, and leaves vague ones unknown', () => {
    expect(countriesIn(catalog, 'Hong Kong (primary) + Shanghai (relay)').countries).toEqual(['CN', 'HK']);
    expect(countriesIn(catalog, 'Ireland / United States').countries).toEqual(['IE', 'US']);
    expect(countriesIn(catalog, 'PRC').countries).toEqual(['CN']);
    expect(countriesIn(catalog, 'Russian Federation').countries).toEqual(['RU']);
    expect(countriesIn(catalog, 'United Kingdom of Great Britain and Northern Ireland').countries).toEqual(['GB']);
    for (const vague of ['Global', 'EU', 'EU endpoints', 'Worldwide']) {
      expect(countriesIn(catalog, vague)).toMatchObject({ countries: [], vague: true });
    }
  });

  it('imports a sub-processor list: catalogue providers by alias, personal data inferred, row locations', async () => {
    const f = await importOne(`${FX}/csv/subprocessors.csv`);
    const byName = new Map(f.inventory.vendors.map((v) => [v.name, v]));
    const ali = byName.get('Alibaba Cloud (Singapore) Private Limited');
    expect(ali?.services?.[0]).toMatchObject({
      provider: 'alibaba-cloud',
      countries: ['CN', 'HK'],
      data: [{ category: 'personal' }],
    });
    expect(ali?.services?.[0].inferred?.some((i) => i.from.includes('GDPR Art. 28'))).toBe(true);
    expect(ali?.services?.[0].source).toEqual({ file: `${FX}/csv/subprocessors.csv`, line: 2, column: 1 });
    expect(byName.get('Yandex.Cloud LLC')?.services?.[0].provider).toBe('yandex-cloud');
    expect(byName.get('Selectel JSC')?.services?.[0]).toMatchObject({ provider: 'selectel', countries: ['RU'] });
    expect(byName.get('Tencent Cloud')?.services?.[0].countries).toBeUndefined();
    expect(byName.get('Tencent Cloud')?.services?.[0].unknowns?.[0]).toContain('too vague');
    expect(byName.get('Acme Mail Ltd')?.services?.[0]).toMatchObject({
      provider: { name: 'Acme Mail Ltd' },
      countries: ['IE', 'US'],
    });
    expect(byName.get('Vague Hosting Co')?.services?.[0].source?.line).toBe(7);
  });

  it('imports a plain vendor list with unknown data, --map columns and --subprocessors', () => {
    const text = 'Supplier,Where\n"Huawei Cloud","PRC"\n';
    const plain = importCsv(text, 'vendors.csv', 'x', { catalog, map: { name: 'Supplier', location: 'Where' } });
    expect(plain.inventory.vendors[0].services?.[0]).toMatchObject({
      provider: 'huawei-cloud',
      countries: ['CN'],
      data: [{ category: 'unknown' }],
    });
    const sub = importCsv(text, 'vendors.csv', 'x', { catalog, map: { name: 'Supplier' }, subprocessors: true });
    expect(sub.inventory.vendors[0].services?.[0].data).toEqual([{ category: 'personal' }]);
    expect(() => importCsv(text, 'vendors.csv', 'x', { catalog, map: { name: 'Nope' } })).toThrow(
      /no column named 'Nope'/,
    );
    expect(importCsv('name,location\n', 'e.csv', 'x', { catalog }).diagnostics).toMatchObject([
      { code: 'W_IMPORT_EMPTY', line: 1 },
    ]);
    expect(() => importCsv('location\nUS\n', 'e.csv', 'x', { catalog })).toThrow(/no vendor name column/);
  });

  it('refuses unbalanced quotes with the line where the quote opens', async () => {
    const d = await importError(`${FX}/csv/unbalanced.csv`);
    expect(d).toMatchObject({ code: 'E_PARSE', line: 3, column: 1 });
  });
});

describe('format detection and merging', () => {
  it('detects formats from extension and content', () => {
    expect(detectImportFormat('a.tf', '')).toBe('terraform');
    expect(detectImportFormat('a.csv', '')).toBe('csv');
    expect(detectImportFormat('-', '<?xml version="1.0"?><bom/>')).toBe('cyclonedx');
    expect(detectImportFormat('-', '{"bomFormat":"CycloneDX"}')).toBe('json');
    expect(detectImportFormat('x', 'provider "aws" {\n}\n')).toBe('terraform');
    expect(detectImportFormat('x.yaml', 'apiVersion: residency/v1')).toBe('inventory');
    expect(detectImportFormat('-', 'name,location\nA,US\n')).toBe('csv');
    expect(detectImportFormat('-', '# from a, b\napiVersion: residency/v1\nkind: Inventory\n')).toBe('inventory');
  });

  it('re-import keeps what a person added and refreshes what the import owns', () => {
    const fresh = combineFragments([
      {
        file: 'a',
        inventory: {
          apiVersion: 'residency/v1',
          kind: 'Inventory',
          organisation: { name: 'Imported inventory' },
          vendors: [
            {
              id: 'alibaba-cloud',
              name: 'Alibaba Cloud',
              services: [
                {
                  id: 'x.a',
                  provider: 'alibaba-cloud',
                  regions: ['cn-shanghai'],
                  data: [{ category: 'unknown' }],
                  source: { file: 'm.tf', line: 9, column: 1 },
                },
                { id: 'x.new', provider: 'alibaba-cloud', source: { file: 'm.tf', line: 20, column: 1 } },
              ],
            },
          ],
        },
      },
    ]);
    const previous = {
      apiVersion: 'residency/v1' as const,
      kind: 'Inventory' as const,
      organisation: { name: 'Acme' },
      vendors: [
        {
          id: 'alibaba-cloud',
          name: 'Alibaba Cloud',
          contract: { regulatoryTermination: true },
          services: [
            {
              id: 'x.a',
              provider: 'alibaba-cloud',
              regions: ['cn-hangzhou'],
              criticality: 'high' as const,
              data: [{ category: 'personal' as const, usPersons: 2000000 }],
              source: { file: 'm.tf', line: 3, column: 1 },
            },
            { id: 'x.gone', provider: 'alibaba-cloud', source: { file: 'm.tf', line: 5, column: 1 } },
            { id: 'manual', provider: 'alibaba-cloud', regions: ['cn-beijing'] },
          ],
        },
      ],
    };
    const { inventory, changes } = mergeWithPrevious(previous, fresh, { prune: true });
    const v = inventory.vendors[0];
    expect(inventory.organisation.name).toBe('Acme');
    expect(v.contract).toEqual({ regulatoryTermination: true });
    const a = v.services?.find((s) => s.id === 'x.a');
    expect(a).toMatchObject({ criticality: 'high', regions: ['cn-shanghai'], source: { line: 9 } });
    expect(a?.data).toEqual([{ category: 'personal', usPersons: 2000000 }]);
    expect(v.services?.map((s) => s.id)).toEqual(['x.a', 'manual', 'x.new']);
    expect(changes).toEqual({
      added: ['alibaba-cloud/x.new'],
      removed: ['alibaba-cloud/x.gone'],
      updated: ['alibaba-cloud/x.a (regions)'],
      missing: [],
    });
  });
});

afterAll(() => {});
