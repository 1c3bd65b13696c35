/**
 * Terraform location v2 (issue 15): absent local modules, location in nested blocks and other argument
 * names, zone → region per provider (catalogue zone patterns), references between resources, and
 * expressions the importer cannot evaluate. Inputs are written here; they mirror real shapes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import type { Service } from '../../../src/model/types.js';
import { validate } from '../../../src/schema/schemas.js';
import { runCli } from '../../cli/run.js';
import { AS_OF } from '../../helpers.js';
import { importInput, treeWriter } from './tf-helpers.js';

let catalog: Catalog;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-tfloc-'));

beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tree = treeWriter(tmp);

const importDir = (dir: string, extra?: Parameters<typeof importInput>[2]) => importInput(catalog, dir, extra);

const froms = (s: Service | undefined): string => (s?.inferred ?? []).map((i) => `${i.fact} <- ${i.from}`).join('\n');

describe('absent local modules', () => {
  const files = {
    'examples/complete/main.tf': [
      'provider "alicloud" {',
      '  region = "cn-beijing"',
      '}',
      'module "db" {',
      '  source = "../.."',
      '  name   = "orders"',
      '}',
      'module "gone" {',
      '  source = "./not-here"',
      '}',
      'resource "alicloud_oss_bucket" "b" {}',
      'resource "random_id" "r" {}',
      '',
    ].join('\n'),
    'README.md': 'no Terraform at the top\n',
  };

  it('records the module call as an unknown under the provider that runs it, and imports the rest', async () => {
    const dir = tree(files);
    const { fragment, services } = await importDir(path.join(dir, 'examples/complete'));
    const db = services.get('module.db');
    expect(db?.provider).toBe('alibaba-cloud');
    expect(db?.regions).toEqual(['cn-beijing']);
    expect(db?.unknowns?.join('\n')).toContain(
      "local module '../..' could not be read (the folder holds no .tf files)",
    );
    expect(froms(db)).toContain('provider alibaba-cloud <- provider alicloud');
    expect(services.get('module.gone')?.unknowns?.join('\n')).toContain('the folder does not exist');
    expect(services.get('alicloud_oss_bucket.b')?.regions).toEqual(['cn-beijing']);
    const warnings = fragment.diagnostics?.filter((d) => d.code === 'W_IMPORT_MODULE') ?? [];
    expect(warnings.map((w) => w.line)).toEqual([4, 8]);
  });

  it('check does not stop with exit 2 on it', async () => {
    const dir = tree(files);
    const r = await runCli(['check', path.join(dir, 'examples/complete'), '--as-of', AS_OF, '--format', 'json']);
    expect(r.status).not.toBe(2);
    const report = JSON.parse(r.stdout) as {
      findings: { service?: { id: string } }[];
      inputs: { format: string; skipped?: string[] }[];
    };
    expect(validate('report', report)).toEqual([]);
    expect(report.findings.some((f) => f.service?.id === 'module.db')).toBe(true);
    // the report's inputs state what the importer skipped
    expect(report.inputs[0].skipped).toEqual(["random_id.r: Terraform utility provider 'random' hosts nothing"]);
  });
});

describe('location in nested blocks, other argument names and zones', () => {
  it('reads zones wherever the resource puts them and maps them to their provider region', async () => {
    const dir = tree({
      'main.tf': [
        'provider "volcengine" { region = "cn-shanghai" }',
        'provider "yandex" {}',
        'provider "tencentcloud" {}',
        'provider "ucloud" { region = "cn-bj2" }',
        'provider "baiducloud" {}',
        'provider "huaweicloud" {}',
        'provider "alicloud" {}',
        'resource "volcengine_rds_mysql_instance" "db" {',
        '  configure_nodes {',
        '    node_type = "Primary"',
        '    az        = "cn-beijing-a"',
        '  }',
        '}',
        'resource "yandex_mdb_postgresql_cluster" "pg" {',
        '  host {',
        '    zone = "ru-central1-a"',
        '  }',
        '}',
        'resource "tencentcloud_mysql_instance" "m" {',
        '  availability_zone = "ap-guangzhou-3"',
        '}',
        'resource "ucloud_db_instance" "u" {',
        '  availability_zone = "cn-bj2-05"',
        '}',
        'resource "baiducloud_instance" "b" {',
        '  availability_zone = "cn-bj-c"',
        '}',
        'resource "huaweicloud_rds_instance" "h" {',
        '  availability_zone = ["cn-north-4a", "cn-north-4b"]',
        '}',
        'resource "alicloud_mongodb_instance" "mg" {',
        '  zone_id           = "cn-hangzhou-h"',
        '  secondary_zone_id = "cn-hangzhou-i"',
        '}',
        'resource "alicloud_kvstore_instance" "kv" {',
        '  master_zone = "cn-shanghai-b"',
        '  slave_zones = ["cn-shenzhen-a"]',
        '}',
        'resource "alicloud_polardb_cluster" "p" {',
        '  zones = ["cn-qingdao-b"]',
        '}',
        'resource "tencentcloud_cos_bucket" "t" {',
        '  zone_name = "ap-guangzhou-4"',
        '}',
        '',
      ].join('\n'),
    });
    const { services: s } = await importDir(dir);
    // the zone on the resource wins over the provider region (cn-shanghai)
    expect(s.get('volcengine_rds_mysql_instance.db')?.regions).toEqual(['cn-beijing']);
    expect(froms(s.get('volcengine_rds_mysql_instance.db'))).toContain('configure_nodes.az');
    expect(s.get('yandex_mdb_postgresql_cluster.pg')?.regions).toEqual(['ru-central1']);
    // zone names that do not end in a letter: catalogue zone patterns, cited
    expect(s.get('tencentcloud_mysql_instance.m')?.regions).toEqual(['ap-guangzhou']);
    expect(froms(s.get('tencentcloud_mysql_instance.m'))).toContain('tencentcloud.com/document/product/416/6479');
    expect(s.get('ucloud_db_instance.u')?.regions).toEqual(['cn-bj2']);
    // a zone name that does not start with the region id (cn-bj-c is a zone of region bj)
    expect(s.get('baiducloud_instance.b')?.regions).toEqual(['bj']);
    expect(s.get('huaweicloud_rds_instance.h')?.regions).toEqual(['cn-north-4']);
    expect(s.get('alicloud_mongodb_instance.mg')?.regions).toEqual(['cn-hangzhou']);
    expect(s.get('alicloud_kvstore_instance.kv')?.regions).toEqual(['cn-shanghai', 'cn-shenzhen']);
    expect(s.get('alicloud_polardb_cluster.p')?.regions).toEqual(['cn-qingdao']);
    expect(s.get('tencentcloud_cos_bucket.t')?.regions).toEqual(['ap-guangzhou']);
  });

  it('falls back to the provider region for a zone it cannot map, and keeps an unknown region literal unknown', async () => {
    const dir = tree({
      'main.tf': [
        'provider "ucloud" { region = "cn-bj2" }',
        'resource "ucloud_instance" "odd" {',
        '  availability_zone = "zone-x"',
        '}',
        'resource "ucloud_instance" "elsewhere" {',
        '  region = "mars-1"',
        '}',
        '',
      ].join('\n'),
    });
    const { services: s } = await importDir(dir);
    expect(s.get('ucloud_instance.odd')?.regions).toEqual(['cn-bj2']);
    expect(froms(s.get('ucloud_instance.odd'))).toContain("'zone-x' is not a zone the catalogue maps to a region");
    expect(s.get('ucloud_instance.elsewhere')?.regions).toBeUndefined();
    expect(s.get('ucloud_instance.elsewhere')?.unknowns?.join('\n')).toContain("'mars-1' is not a known UCloud region");
  });
});

describe('location through references', () => {
  it('places a resource where the resource it refers to is, and records the inference', async () => {
    const dir = tree({
      'main.tf': [
        'provider "ksyun" {}',
        'provider "yandex" {}',
        'resource "ksyun_subnet" "foo" {',
        '  availability_zone = "cn-beijing-6a"',
        '}',
        'resource "ksyun_krds" "db" {',
        '  subnet_id = ksyun_subnet.foo.id',
        '}',
        'resource "yandex_mdb_postgresql_cluster" "x" {',
        '  host {',
        '    zone = "ru-central1-b"',
        '  }',
        '}',
        'resource "yandex_mdb_postgresql_database" "d" {',
        '  cluster_id = yandex_mdb_postgresql_cluster.x.id',
        '}',
        'resource "yandex_mdb_postgresql_user" "u" {',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
        '  cluster_id = "${yandex_mdb_postgresql_cluster.x.id}"',
        '  permission {',
        '    database_name = yandex_mdb_postgresql_database.d.name',
        '  }',
        '}',
        // a cycle of references with no location anywhere: no hang, stays unknown
        'resource "ksyun_krds" "a" {',
        '  subnet_id = ksyun_krds.b.id',
        '}',
        'resource "ksyun_krds" "b" {',
        '  subnet_id = ksyun_krds.a.id',
        '}',
        '',
      ].join('\n'),
    });
    const { services: s } = await importDir(dir);
    expect(s.get('ksyun_krds.db')?.regions).toEqual(['cn-beijing-6']);
    expect(froms(s.get('ksyun_krds.db'))).toContain('subnet_id refers to ksyun_subnet.foo');
    expect(s.get('yandex_mdb_postgresql_database.d')?.regions).toEqual(['ru-central1']);
    expect(s.get('yandex_mdb_postgresql_user.u')?.regions).toEqual(['ru-central1']);
    expect(froms(s.get('yandex_mdb_postgresql_user.u'))).toContain(
      'cluster_id refers to yandex_mdb_postgresql_cluster.x',
    );
    expect(s.get('ksyun_krds.a')?.regions).toBeUndefined();
    expect(s.get('ksyun_krds.a')?.unknowns?.length).toBeGreaterThan(0);
  });
});

describe('expressions the importer cannot evaluate', () => {
  it('do not hide the provider region, and are recorded', async () => {
    const dir = tree({
      'main.tf': [
        'provider "alicloud" { region = "cn-beijing" }',
        'provider "tencentcloud" {}',
        'data "alicloud_zones" "z" {}',
        'variable "zones" { default = ["cn-hangzhou-b", "cn-hangzhou-c"] }',
        'resource "alicloud_db_instance" "a" {',
        '  zone_id = element(data.alicloud_zones.z.ids, 0)',
        '}',
        'resource "alicloud_db_instance" "b" {',
        '  zone_id = var.zones[1]',
        '}',
        'resource "alicloud_db_instance" "c" {',
        '  zone_id = element(var.zones, 0)',
        '}',
        'resource "tencentcloud_mysql_instance" "t" {',
        '  availability_zone = data.tencentcloud_availability_zones.z.zones[0].name',
        '}',
        '',
      ].join('\n'),
    });
    const { services: s } = await importDir(dir);
    expect(s.get('alicloud_db_instance.a')?.regions).toEqual(['cn-beijing']);
    expect(froms(s.get('alicloud_db_instance.a'))).toContain(
      'zone_id = element(data.alicloud_zones.z.ids, 0) was not evaluated',
    );
    // list variables are evaluated: index and element()
    expect(s.get('alicloud_db_instance.b')?.regions).toEqual(['cn-hangzhou']);
    expect(s.get('alicloud_db_instance.c')?.regions).toEqual(['cn-hangzhou']);
    // no provider region and nothing evaluable: unknown, saying what was not evaluated
    expect(s.get('tencentcloud_mysql_instance.t')?.regions).toBeUndefined();
    expect(s.get('tencentcloud_mysql_instance.t')?.unknowns?.join('\n')).toContain('was not evaluated');
  });
});

describe('provider defaults documented by the provider', () => {
  it('a provider configuration without a region takes the documented default, with its source', async () => {
    const dir = tree({
      'main.tf': [
        'provider "yandex" {',
        '  folder_id = "b1g0000000000000000"',
        '}',
        'resource "yandex_storage_bucket" "b" {}',
        'resource "tencentcloud_cos_bucket" "t" {}',
        '',
      ].join('\n'),
    });
    const { services: s } = await importDir(dir);
    expect(s.get('yandex_storage_bucket.b')?.regions).toEqual(['ru-central1']);
    expect(froms(s.get('yandex_storage_bucket.b'))).toContain(
      "the provider's documented default when YC_REGION is not set in the environment is ru-central1 (github.com/yandex-cloud/terraform-provider-yandex@",
    );
    // no documented default: unknown, naming the environment variable Terraform would read
    expect(s.get('tencentcloud_cos_bucket.t')?.regions).toBeUndefined();
  });
});

describe('reference graphs', () => {
  it('follows a wide, deep graph of references once per resource (no exponential re-walk)', async () => {
    // 40 layers of 3 resources, each referring to every resource of the layer below, and no location
    // anywhere: every reference must be explored, which is 3^40 walks unless results are remembered
    const lines = ['provider "ksyun" {}'];
    for (let i = 0; i < 3; i++) lines.push(`resource "ksyun_subnet" "l0_${i}" {}`);
    for (let layer = 1; layer < 40; layer++)
      for (let i = 0; i < 3; i++) {
        const refs = [0, 1, 2].map((j) => `  x${j} = ksyun_subnet.l${layer - 1}_${j}.id`);
        lines.push(`resource "ksyun_subnet" "l${layer}_${i}" {`, ...refs, '}');
      }
    const { services: s } = await importDir(tree({ 'main.tf': `${lines.join('\n')}\n` }));
    expect(s.size).toBe(120);
    expect(s.get('ksyun_subnet.l39_0')?.regions).toBeUndefined();
    expect(s.get('ksyun_subnet.l39_0')?.unknowns?.join('\n')).toContain('provider ksyun');
  }, 20_000);
});
