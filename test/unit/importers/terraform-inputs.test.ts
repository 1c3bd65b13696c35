/**
 * Terraform inputs as Terraform reads them (issue 15): variable files and --var/--var-file in
 * Terraform's order, count and for_each, providers passed to modules, unused aliases, `.tf.json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../../src/adapters/import-files.js';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import type { Inventory } from '../../../src/model/types.js';
import { runCli } from '../../cli/run.js';
import { importInput, treeWriter } from './tf-helpers.js';

let catalog: Catalog;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-tfin-'));
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tree = treeWriter(tmp);

const importDir = (dir: string, extra?: Parameters<typeof importInput>[2]) => importInput(catalog, dir, extra);

const MAIN = [
  'variable "region" { default = "cn-hangzhou" }',
  'provider "alicloud" { region = var.region }',
  'resource "alicloud_oss_bucket" "b" {}',
  '',
].join('\n');

describe('variable values in Terraform order', () => {
  it('terraform.tfvars, then *.auto.tfvars by name, then --var-file, then --var', async () => {
    const base = { 'main.tf': MAIN, 'terraform.tfvars': 'region = "cn-beijing"\n' };
    const region = async (files: Record<string, string>, extra = {}) =>
      (await importDir(tree(files), extra)).services.get('alicloud_oss_bucket.b')?.regions;
    expect(await region({ 'main.tf': MAIN })).toEqual(['cn-hangzhou']);
    expect(await region(base)).toEqual(['cn-beijing']);
    // a.auto.tfvars sorts before terraform.tfvars by name, but Terraform reads it after
    const auto = {
      ...base,
      'a.auto.tfvars': 'region = "cn-shanghai"\n',
      'b.auto.tfvars.json': '{"region": "cn-qingdao"}',
    };
    expect(await region(auto)).toEqual(['cn-qingdao']);
    const varFile = path.join(tree({ 'extra.tfvars': 'region = "cn-shenzhen"\n' }), 'extra.tfvars');
    expect(await region(auto, { varFiles: [varFile] })).toEqual(['cn-shenzhen']);
    expect(await region(auto, { varFiles: [varFile], vars: [{ name: 'region', value: 'cn-chengdu' }] })).toEqual([
      'cn-chengdu',
    ]);
  });

  it('--var and --var-file on import and check', async () => {
    const dir = tree({ 'main.tf': MAIN });
    const vf = path.join(tree({ 'x.tfvars': 'region = "cn-shenzhen"\n' }), 'x.tfvars');
    const r = await runCli(['import', dir, '--var-file', vf]);
    expect(r.status).toBe(0);
    const inv = parse(r.stdout) as Inventory;
    expect(inv.vendors[0].services?.[0].regions).toEqual(['cn-shenzhen']);
    const r2 = await runCli(['import', dir, '--var', 'region=cn-beijing']);
    expect((parse(r2.stdout) as Inventory).vendors[0].services?.[0].regions).toEqual(['cn-beijing']);
    const bad = await runCli(['import', dir, '--var', 'no-equals']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--var 'no-equals' is not NAME=VALUE");
  });
});

describe('count and for_each', () => {
  it('one service per instance when the keys are known, else one marked as repeated', async () => {
    const { services: s, fragment } = await importDir(
      tree({
        'main.tf': [
          'provider "alicloud" { region = "cn-beijing" }',
          'variable "n" {}',
          'variable "names" { default = ["x", "y"] }',
          'resource "alicloud_oss_bucket" "two" { count = 2 }',
          'resource "alicloud_oss_bucket" "some" { count = var.n }',
          'resource "alicloud_oss_bucket" "none" { count = 0 }',
          'resource "alicloud_oss_bucket" "map" {',
          '  for_each = { eu = "a", cn = "b" }',
          '}',
          'resource "alicloud_oss_bucket" "set" {',
          '  for_each = toset(["p", "q"])',
          '}',
          'resource "alicloud_oss_bucket" "list" {',
          '  for_each = toset(var.names)',
          '}',
          'data "alicloud_zones" "z" {}',
          'resource "random_id" "r" { byte_length = 4 }',
          '',
        ].join('\n'),
      }),
    );
    expect([...s.keys()].sort()).toEqual([
      'alicloud_oss_bucket.list',
      'alicloud_oss_bucket.map["cn"]',
      'alicloud_oss_bucket.map["eu"]',
      'alicloud_oss_bucket.set["p"]',
      'alicloud_oss_bucket.set["q"]',
      'alicloud_oss_bucket.some',
      'alicloud_oss_bucket.two[0]',
      'alicloud_oss_bucket.two[1]',
    ]);
    expect(s.get('alicloud_oss_bucket.some')?.unknowns?.join('\n')).toContain('count = var.n is not evaluated');
    expect(s.get('alicloud_oss_bucket.list')?.unknowns?.join('\n')).toContain('(repeated)');
    expect(s.get('alicloud_oss_bucket.two[1]')?.regions).toEqual(['cn-beijing']);
    // what was read but not turned into services is stated
    expect(fragment.skipped).toEqual(
      expect.arrayContaining([
        'alicloud_oss_bucket.none: count = 0 creates no instance',
        "random_id.r: Terraform utility provider 'random' hosts nothing",
        'root module: 1 data source (they read, and create nothing)',
      ]),
    );
  });
});

describe('provider configurations', () => {
  it('module calls that pass providers, and aliases never used', async () => {
    const { services: s, fragment } = await importDir(
      tree({
        'main.tf': [
          'provider "aws" { region = "us-east-1" }',
          'provider "aws" {',
          '  alias  = "eu"',
          '  region = "eu-west-1"',
          '}',
          'provider "alicloud" {',
          '  alias  = "unused"',
          '  region = "cn-beijing"',
          '}',
          'module "store" {',
          '  source    = "./store"',
          '  providers = { aws = aws.eu }',
          '}',
          'resource "aws_s3_bucket" "home" {}',
          '',
        ].join('\n'),
        'store/main.tf': 'resource "aws_s3_bucket" "data" {}\n',
      }),
    );
    expect(s.get('module.store.aws_s3_bucket.data')?.regions).toEqual(['eu-west-1']);
    expect(s.get('aws_s3_bucket.home')?.regions).toEqual(['us-east-1']);
    // the unused alias creates nothing: no Alibaba vendor, no service
    expect(fragment.inventory.vendors.map((v) => v.id)).toEqual(['aws']);
  });
});

describe('.tf.json', () => {
  it('reads Terraform JSON syntax, where a top-level key may repeat', async () => {
    const json = `{
  "variable": { "region": { "default": "cn-shanghai" } },
  "variable": { "zone": { "default": "cn-shanghai-b" } },
  "terraform": { "required_providers": { "alicloud": { "source": "aliyun/alicloud" } } },
  "provider": { "alicloud": [ { "region": "\${var.region}" }, { "alias": "bj", "region": "cn-beijing" } ] },
  "resource": { "alicloud_db_instance": { "db": { "zone_id": "\${var.zone}" } } },
  "resource": { "alicloud_oss_bucket": { "b": { "provider": "alicloud.bj" } } }
}`;
    const dir = tree({ 'main.tf.json': json });
    const { services: s } = await importDir(dir);
    expect(s.get('alicloud_db_instance.db')?.regions).toEqual(['cn-shanghai']);
    expect(s.get('alicloud_oss_bucket.b')?.regions).toEqual(['cn-beijing']);
    // a single .tf.json file is detected as Terraform too
    const one = await importDir(path.join(dir, 'main.tf.json'));
    expect(one.fragment.format).toBe('terraform');
  });

  it('refuses JSON that is not JSON, with the line and column', async () => {
    const dir = tree({ 'main.tf.json': '{\n  "resource": {\n    "x": [1,,2]\n  }\n}\n' });
    const read = await readInputs([dir], { importOptions: { catalog } });
    expect(read.fragments).toHaveLength(0);
    expect(read.diagnostics[0]).toMatchObject({ code: 'E_PARSE', line: 3, column: 13 });
  });
});
