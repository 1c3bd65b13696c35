/**
 * Data stores by service family, unclassified resources of regime-controlled providers, and Terraform
 * state (both `terraform show -json` and terraform.tfstate v4) as an input (issue 15).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/adapters/import-files.js';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { detectImportFormat, refineJson } from '../../../src/importers/detect.js';
import { importInput, treeWriter } from './tf-helpers.js';

let catalog: Catalog;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-state-'));
const tree = treeWriter(tmp);
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('data stores whose type does not say "database"', () => {
  it('classifies by service family, and an unclassified resource of a regime-controlled provider may store data', async () => {
    const types = [
      'alicloud_ots_table',
      'alicloud_polardb_account',
      'alicloud_kvstore_account',
      'alicloud_log_store',
      'alicloud_nas_file_system',
      'alicloud_oss_bucket_object',
      'tencentcloud_cynosdb_readonly_instance',
      'tencentcloud_cfs_file_system',
      'tencentcloud_tdmq_instance',
      'huaweicloud_dds_instance',
      'huaweicloud_obs_bucket',
      'huaweicloud_css_cluster',
      'huaweicloud_dws_cluster',
      'volcengine_tls_project',
      'yandex_ydb_database_serverless',
    ];
    const main = [
      ...types.map((t) => `resource "${t}" "x" {}`),
      'resource "alicloud_vpc" "net" {}',
      'resource "aws_iam_role" "r" {}',
      '',
    ].join('\n');
    const { services: s } = await importInput(catalog, tree({ 'main.tf': main }));
    for (const t of types) {
      expect(s.get(`${t}.x`)?.storesData, t).toBe(true);
      expect(s.get(`${t}.x`)?.data, t).toEqual([{ category: 'unknown' }]);
    }
    // not classified, provider controlled from a regime country: may store data (unknown), not "stores nothing"
    const vpc = s.get('alicloud_vpc.net');
    expect(vpc?.storesData).toBeUndefined();
    expect(vpc?.data).toEqual([{ category: 'unknown' }]);
    expect(vpc?.unknowns?.join('\n')).toContain('is controlled from CN, so it may store data');
    // not classified, other providers: nothing is claimed
    expect(s.get('aws_iam_role.r')?.data).toBeUndefined();
  });
});

const SHOW_JSON = `{
  "format_version": "1.0",
  "terraform_version": "1.9.0",
  "values": {
    "root_module": {
      "resources": [
        {
          "address": "alicloud_db_instance.main",
          "mode": "managed",
          "type": "alicloud_db_instance",
          "name": "main",
          "provider_name": "registry.terraform.io/aliyun/alicloud",
          "values": { "zone_id": "cn-beijing-h", "engine": "MySQL", "tags": { "data-classification": "pii" } }
        },
        {
          "address": "data.alicloud_zones.z",
          "mode": "data",
          "type": "alicloud_zones",
          "name": "z",
          "provider_name": "registry.terraform.io/aliyun/alicloud",
          "values": {}
        }
      ],
      "child_modules": [
        {
          "address": "module.store",
          "resources": [
            {
              "address": "module.store.aws_s3_bucket.b[0]",
              "mode": "managed",
              "type": "aws_s3_bucket",
              "name": "b",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "values": { "arn": "arn:aws:s3:::b", "region": "eu-west-1" }
            }
          ]
        }
      ]
    }
  }
}
`;

const TFSTATE = `{
  "version": 4,
  "terraform_version": "1.9.0",
  "serial": 3,
  "lineage": "00000000-0000-0000-0000-000000000000",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "tencentcloud_mysql_instance",
      "name": "db",
      "provider": "provider[\\"registry.terraform.io/tencentcloudstack/tencentcloud\\"]",
      "instances": [
        { "schema_version": 0, "attributes": { "availability_zone": "ap-guangzhou-3", "id": "cdb-1" } }
      ]
    },
    {
      "module": "module.q",
      "mode": "managed",
      "type": "aws_sqs_queue",
      "name": "jobs",
      "provider": "module.q.provider[\\"registry.terraform.io/hashicorp/aws\\"].eu",
      "instances": [
        { "index_key": "a", "attributes": { "arn": "arn:aws:sqs:eu-central-1:123456789012:jobs" } },
        { "index_key": "b", "attributes": { "id": "jobs-b" } }
      ]
    },
    {
      "mode": "managed",
      "type": "random_id",
      "name": "r",
      "provider": "provider[\\"registry.terraform.io/hashicorp/random\\"]",
      "instances": [{ "attributes": { "hex": "ab" } }]
    }
  ]
}
`;

describe('Terraform state', () => {
  it('detects both forms', () => {
    expect(refineJson(JSON.parse(SHOW_JSON))).toBe('terraform-state');
    expect(refineJson(JSON.parse(TFSTATE))).toBe('terraform-state');
    expect(detectImportFormat('terraform.tfstate', TFSTATE)).toBe('json');
  });

  it('reads `terraform show -json` of a state, with resolved locations', async () => {
    const file = path.join(tree({ 'state.json': SHOW_JSON }), 'state.json');
    const { fragment, services: s } = await importInput(catalog, file);
    expect(fragment.format).toBe('terraform-state');
    const db = s.get('alicloud_db_instance.main');
    expect(db?.regions).toEqual(['cn-beijing']);
    expect(db?.data).toEqual([{ category: 'personal' }]);
    expect(db?.source?.line).toBe(7);
    expect(s.get('module.store.aws_s3_bucket.b[0]')?.regions).toEqual(['eu-west-1']);
    expect(fragment.skipped).toEqual(['1 data source (they read, and create nothing)']);
  });

  it('reads terraform.tfstate (version 4): instances, index keys, modules, ARNs', async () => {
    const file = path.join(tree({ 'terraform.tfstate': TFSTATE }), 'terraform.tfstate');
    const { fragment, services: s } = await importInput(catalog, file);
    expect(s.get('tencentcloud_mysql_instance.db')?.regions).toEqual(['ap-guangzhou']);
    expect(s.get('module.q.aws_sqs_queue.jobs["a"]')?.regions).toEqual(['eu-central-1']);
    expect(s.get('module.q.aws_sqs_queue.jobs["b"]')?.unknowns?.join('\n')).toContain('records no region');
    expect(fragment.skipped).toEqual(["random_id.r: Terraform utility provider 'hashicorp/random' hosts nothing"]);
  });

  it('refuses a JSON document forced as state that is not one', async () => {
    const file = path.join(tree({ 'x.json': '{"a": 1}' }), 'x.json');
    const read = await readInputs([file], { importOptions: { catalog }, format: 'terraform-state' });
    expect(read.diagnostics[0]).toMatchObject({ code: 'E_IMPORT_SHAPE' });
  });
});
