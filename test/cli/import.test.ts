import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { expandReport } from '../../src/report/compact.js';
import { validate } from '../../src/schema/schemas.js';
import { AS_OF } from '../helpers.js';
import { runCli } from './run.js';

const FX = 'test/fixtures/importers';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Finding {
  ruleId: string;
  inferred?: { fact: string; from: string }[];
  vendor: { id: string };
  service?: { id: string };
  location?: { file: string; line: number; column: number };
}

async function check(args: string[]): Promise<{
  status: number | null;
  report: { findings: Finding[]; inputs: { path: string; format: string }[] };
  stderr: string;
}> {
  const r = await runCli(['check', ...args, '--as-of', AS_OF, '--format', 'json']);
  return { status: r.status, report: expandReport(JSON.parse(r.stdout)), stderr: r.stderr };
}

const at = (findings: Finding[], rule: string, service: string) =>
  findings.find((f) => f.ruleId === rule && f.service?.id === service);

describe('residency check with importable inputs', () => {
  it('checks a Terraform folder directly and points findings at the .tf lines', async () => {
    const { status, report } = await check([`${FX}/terraform-alicloud`]);
    expect(status).toBe(1);
    expect(at(report.findings, 'adversary-hosted-data', 'alicloud_oss_bucket.logs')?.location).toEqual({
      file: `${FX}/terraform-alicloud/main.tf`,
      line: 39,
      column: 1,
    });
    expect(at(report.findings, 'personal-data-adversary-provider', 'alicloud_oss_bucket.logs')).toBeDefined();
    expect(at(report.findings, 'unknown-hosting-location', 'alicloud_log_project.audit')?.location?.line).toBe(57);
    expect(
      at(report.findings, 'adversary-hosted-data', 'module.db.alicloud_db_instance.replica')?.location,
    ).toMatchObject({ file: `${FX}/terraform-alicloud/modules/db/main.tf`, line: 3 });
    expect(at(report.findings, 'adversary-controlled-provider', 'module.vpc')?.location?.line).toBe(74);
    expect(report.inputs[0]).toMatchObject({ path: `${FX}/terraform-alicloud`, format: 'terraform' });
  });

  it('mixes an inventory, a plan, a BOM and a CSV in one run', async () => {
    const { status, report } = await check([
      'examples/acme-clean.yaml',
      `${FX}/plan/plan.json`,
      `${FX}/cyclonedx/bom-1.6.xml`,
      `${FX}/csv/subprocessors.csv`,
    ]);
    expect(status).toBe(1);
    expect(report.inputs.map((i) => i.format)).toEqual(['yaml', 'terraform-plan', 'cyclonedx', 'csv']);
    const hk = at(report.findings, 'adversary-hosted-data', 'huaweicloud_obs_bucket.hk');
    expect(hk?.location).toMatchObject({ file: `${FX}/plan/plan.json`, line: 28, column: 5 });
    expect(
      report.findings.some((f) => f.location?.file === `${FX}/csv/subprocessors.csv` && f.location.line === 3),
    ).toBe(true);
    expect(report.findings.some((f) => f.location?.file === `${FX}/cyclonedx/bom-1.6.xml`)).toBe(true);
  });

  it('reads a plan from standard input with --input-format, and the report validates against its schema', async () => {
    const r = await runCli(['check', '-', '--input-format', 'terraform-plan', '--as-of', AS_OF, '--format', 'json'], {
      input: readFileSync(`${FX}/plan/plan.json`, 'utf8'),
    });
    expect(r.status).toBe(1);
    const written = JSON.parse(r.stdout);
    expect(validate('report', written)).toEqual([]);
    const report = expandReport(written);
    expect(at(report.findings, 'adversary-hosted-data', 'alicloud_oss_bucket.data')?.location).toMatchObject({
      file: '<stdin>',
      line: 8,
    });
    // inferred facts reach the findings
    expect(at(report.findings, 'adversary-hosted-data', 'alicloud_oss_bucket.data')?.inferred).toContainEqual({
      fact: 'region cn-shanghai',
      from: 'provider_config alicloud region = var.region (plan variables)',
    });
  });

  it('--input-format forces the importer', async () => {
    const file = path.join(tmp, 'list.txt');
    writeFileSync(file, 'vendor,location\nYandex Cloud,Russia\n');
    const { status, report } = await check([file, '--input-format', 'csv']);
    expect(status).toBe(1);
    expect(
      report.findings.some(
        (f) => f.ruleId === 'adversary-owned-vendor' || f.ruleId === 'adversary-controlled-provider',
      ),
    ).toBe(true);
  });

  it.each([
    [`${FX}/cyclonedx/billion-laughs.xml`, 'billion-laughs.xml:3:3', 'E_XML_ENTITY'],
    [`${FX}/cyclonedx/xxe.xml`, 'xxe.xml:3:3', 'E_XML_ENTITY'],
    [`${FX}/terraform-malformed`, 'main.tf:2:12', 'E_PARSE'],
    [`${FX}/plan/wrong-shape.json`, 'wrong-shape.json:5:5', 'E_IMPORT_SHAPE'],
    [`${FX}/csv/unbalanced.csv`, 'unbalanced.csv:3:1', 'E_PARSE'],
  ])('refuses %s with a located error and exit 2', async (input, where, code) => {
    const r = await runCli(['check', input, '--as-of', AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(where);
    expect(r.stderr).toContain(code);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).not.toContain('root:'); // /etc/passwd was never read into a message
    expect(r.stdout).toBe('');
  });
});

describe('residency import', () => {
  it('prints a valid inventory, which validate accepts (round trip)', async () => {
    const r = await runCli(['import', `${FX}/terraform-alicloud`, '--organisation', 'Acme Corp']);
    expect(r.status).toBe(0);
    const inv = parse(r.stdout);
    expect(inv.organisation.name).toBe('Acme Corp');
    // deterministic: the same inputs give the same bytes
    expect((await runCli(['import', `${FX}/terraform-alicloud`, '--organisation', 'Acme Corp'])).stdout).toBe(r.stdout);
    const file = path.join(tmp, 'printed.yaml');
    writeFileSync(file, r.stdout);
    const v = await runCli(['validate', file]);
    expect(v.stderr).not.toContain('error');
    expect(v.status).toBe(0);
  });

  it('--out writes atomically, and a re-import keeps fields the person added', async () => {
    const out = path.join(tmp, 'inventory.yaml');
    const first = await runCli(['import', `${FX}/terraform-alicloud`, `${FX}/csv/vendors.csv`, '--out', out]);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('added alibaba-cloud');
    expect((await runCli(['validate', out])).status).toBe(0);

    // the person edits: criticality, data categories with counts, a contract, a hand-written service
    const inv = parse(readFileSync(out, 'utf8'));
    const ali = inv.vendors.find((v: { id: string }) => v.id === 'alibaba-cloud');
    ali.contract = { regulatoryTermination: true };
    const orders = ali.services.find((s: { id: string }) => s.id === 'alicloud_db_instance.orders');
    orders.criticality = 'critical';
    orders.data = [{ category: 'financial', usPersons: 20000 }];
    orders.regions = ['cn-beijing']; // stale: the import owns regions
    ali.services = ali.services.filter((s: { id: string }) => s.id !== 'module.vpc'); // will come back as added
    ali.services.push({ id: 'manual-notes', provider: 'alibaba-cloud', countries: ['CN'] });
    writeFileSync(out, stringify(inv));

    const second = await runCli(['import', `${FX}/terraform-alicloud`, `${FX}/csv/vendors.csv`, '--out', out]);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('added alibaba-cloud/module.vpc');
    expect(second.stderr).toContain('updated alibaba-cloud/alicloud_db_instance.orders (regions)');
    const again = parse(readFileSync(out, 'utf8'));
    const ali2 = again.vendors.find((v: { id: string }) => v.id === 'alibaba-cloud');
    expect(ali2.contract).toEqual({ regulatoryTermination: true });
    const orders2 = ali2.services.find((s: { id: string }) => s.id === 'alicloud_db_instance.orders');
    expect(orders2.criticality).toBe('critical');
    expect(orders2.data).toEqual([{ category: 'financial', usPersons: 20000 }]);
    expect(orders2.regions).toEqual(['cn-hangzhou']);
    expect(orders2.source).toEqual({ file: `${FX}/terraform-alicloud/main.tf`, line: 47, column: 1 });
    expect(ali2.services.some((s: { id: string }) => s.id === 'manual-notes')).toBe(true);
    expect((await runCli(['validate', out])).status).toBe(0);
  });

  it('--out refuses to overwrite a file that is not an inventory unless --force', async () => {
    const out = path.join(tmp, 'notes.yaml');
    writeFileSync(out, 'just: notes\n');
    const refused = await runCli(['import', `${FX}/csv/vendors.csv`, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('E_OVERWRITE');
    expect(readFileSync(out, 'utf8')).toBe('just: notes\n');
    const forced = await runCli(['import', `${FX}/csv/vendors.csv`, '--out', out, '--force']);
    expect(forced.status).toBe(0);
    expect(parse(readFileSync(out, 'utf8')).kind).toBe('Inventory');
  });

  it('--out FILE.json writes JSON that check reads, and a re-import merges into it, keeping the edits', async () => {
    const out = path.join(tmp, 'inventory.json');
    const inputs = [`${FX}/terraform-alicloud`, `${FX}/csv/vendors.csv`];
    const first = await runCli(['import', ...inputs, '--out', out]);
    expect(first.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    const inv = JSON.parse(text);
    // laid out as JSON.stringify(…, null, 2) lays it out, and the same inventory the YAML holds
    expect(text).toBe(`${JSON.stringify(inv, null, 2)}\n`);
    expect(inv).toEqual(parse((await runCli(['import', ...inputs])).stdout));
    const checked = await check([out]);
    expect(checked.report.inputs).toEqual([expect.objectContaining({ path: out, format: 'json' })]);
    expect(checked.report.findings.length).toBeGreaterThan(0);

    const ali = inv.vendors.find((v: { id: string }) => v.id === 'alibaba-cloud');
    ali.contract = { regulatoryTermination: true };
    writeFileSync(out, JSON.stringify(inv)); // and minified, as a machine might write it
    const second = await runCli(['import', ...inputs, '--out', out]);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('0 added, 0 removed, 0 updated');
    const again = JSON.parse(readFileSync(out, 'utf8'));
    expect(again.vendors.find((v: { id: string }) => v.id === 'alibaba-cloud').contract).toEqual({
      regulatoryTermination: true,
    });
  });

  it('a .json file an earlier import filled with YAML is merged, its edits kept, and becomes JSON', async () => {
    const out = path.join(tmp, 'earlier.json');
    const printed = (await runCli(['import', `${FX}/csv/vendors.csv`])).stdout;
    expect(printed.startsWith('# Generated by `residency import`')).toBe(true);
    const inv = parse(printed);
    inv.vendors[0].criticality = 'critical';
    writeFileSync(out, `# Generated by \`residency import\` from ${FX}/csv/vendors.csv.\n${stringify(inv)}`);
    const r = await runCli(['import', `${FX}/csv/vendors.csv`, '--out', out]);
    expect(r.status).toBe(0);
    const now = JSON.parse(readFileSync(out, 'utf8'));
    expect(now.vendors[0].criticality).toBe('critical');
    expect(now.vendors.map((v: { id: string }) => v.id)).toEqual(inv.vendors.map((v: { id: string }) => v.id));
    // YAML that is not an import's is no inventory of ours, under any name
    const other = path.join(tmp, 'other.json');
    writeFileSync(other, stringify(inv));
    const refused = await runCli(['import', `${FX}/csv/vendors.csv`, '--out', other]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('E_OVERWRITE');
    expect(readFileSync(other, 'utf8')).toBe(stringify(inv));
  });

  it('--format json prints JSON; a --format the --out name contradicts is refused before anything is read', async () => {
    const r = await runCli(['import', `${FX}/csv/vendors.csv`, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(parse((await runCli(['import', `${FX}/csv/vendors.csv`])).stdout));
    const out = path.join(tmp, 'contradicted.json');
    const refused = await runCli(['import', path.join(tmp, 'no-such.csv'), '--format', 'yaml', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('E_USAGE');
    expect(refused.stderr).toContain('--format yaml, but --out');
    expect(existsSync(out)).toBe(false);
    // a name that says nothing takes the format asked for
    const plain = path.join(tmp, 'inventory.txt');
    expect((await runCli(['import', `${FX}/csv/vendors.csv`, '--format', 'json', '--out', plain])).status).toBe(0);
    expect(JSON.parse(readFileSync(plain, 'utf8')).kind).toBe('Inventory');
  });

  it('converts an inventory given as input (YAML to JSON and back), leaving it as it is', async () => {
    const yamlFile = path.join(tmp, 'acme.yaml');
    const original = readFileSync('examples/acme-failing.yaml', 'utf8');
    writeFileSync(yamlFile, original);
    const json = path.join(tmp, 'acme.json');
    const r = await runCli(['import', yamlFile, '--out', json]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${json}: started from ${yamlFile} (YAML to JSON), which is left as it is`);
    expect(readFileSync(yamlFile, 'utf8')).toBe(original);
    // the same data, every field the person wrote, laid out as JSON.stringify lays it out
    const text = readFileSync(json, 'utf8');
    expect(JSON.parse(text)).toEqual(parse(original));
    expect(text).toBe(`${JSON.stringify(parse(original), null, 2)}\n`);
    // and the same verdicts
    const fromYaml = await check([yamlFile]);
    const fromJson = await check([json]);
    expect(fromJson.status).toBe(fromYaml.status);
    const verdicts = (f: Finding[]) => f.map((x) => `${x.ruleId} ${x.vendor?.id ?? ''} ${x.service?.id ?? ''}`).sort();
    expect(fromYaml.report.findings.length).toBeGreaterThan(0);
    expect(verdicts(fromJson.report.findings)).toEqual(verdicts(fromYaml.report.findings));
    // back to YAML, on standard output
    const back = await runCli(['import', json, '--format', 'yaml']);
    expect(back.status, back.stderr).toBe(0);
    expect(parse(back.stdout)).toEqual(parse(original));
    expect(back.stderr).toContain(`standard output: started from ${json} (JSON to YAML)`);
    const described = await runCli(['import', yamlFile, '--format', 'json', '--json']);
    expect(JSON.parse(described.stdout).startedFrom).toEqual({ file: yamlFile, format: 'yaml' });
  });

  it('merges other inputs into an inventory given as input, as a re-import into it would', async () => {
    const base = path.join(tmp, 'base.json');
    writeFileSync(base, JSON.stringify(parse(readFileSync('examples/acme-failing.yaml', 'utf8'))));
    const before = readFileSync(base, 'utf8');
    const out = path.join(tmp, 'base-and-csv.json');
    const r = await runCli(['import', base, `${FX}/csv/vendors.csv`, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(out, 'utf8'));
    const csvOnly = JSON.parse((await runCli(['import', `${FX}/csv/vendors.csv`, '--format', 'json'])).stdout);
    const ids = (inv: { vendors: { id: string }[] }) => inv.vendors.map((v) => v.id);
    expect(ids(merged)).toEqual([...ids(JSON.parse(before)), ...ids(csvOnly)]);
    expect(merged.vendors.slice(0, JSON.parse(before).vendors.length)).toEqual(JSON.parse(before).vendors);
    expect(r.stderr).toContain(`added ${csvOnly.vendors[0].id}`);
    expect(readFileSync(base, 'utf8')).toBe(before);
    // given as --out too, it is a re-import into it: nothing new, nothing said about starting from it
    const again = await runCli(['import', out, `${FX}/csv/vendors.csv`, '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 added, 0 removed, 0 updated');
    expect(again.stderr).not.toContain('started from');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(merged);
  });

  it('refuses two inventories to start from, and an invalid one, located and before writing', async () => {
    const existing = path.join(tmp, 'existing.json');
    writeFileSync(existing, JSON.stringify(parse(readFileSync('examples/acme-clean.yaml', 'utf8'))));
    const kept = readFileSync(existing, 'utf8');
    const both = await runCli(['import', 'examples/acme-failing.yaml', '--out', existing]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(
      `${existing}  error E_USAGE: exists, and examples/acme-failing.yaml is an inventory too`,
    );
    expect(readFileSync(existing, 'utf8')).toBe(kept);
    const two = await runCli(['import', 'examples/acme-failing.yaml', 'examples/acme-clean.yaml']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('examples/acme-clean.yaml:1:1  error E_USAGE: is a second residency inventory');
    const bad = path.join(tmp, 'bad-base.yaml');
    writeFileSync(
      bad,
      'apiVersion: residency/v1\nkind: Inventory\norganisation: { name: X }\nvendors:\n  - { id: v, name: V, bogus: 1 }\n',
    );
    const out = path.join(tmp, 'never-converted.json');
    const invalid = await runCli(['import', bad, '--out', out]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:5:23  error E_SCHEMA: unknown property 'bogus'`);
    expect(existsSync(out)).toBe(false);
  });

  it('leaves no output file when an input is invalid', async () => {
    const out = path.join(tmp, 'never.yaml');
    const r = await runCli(['import', `${FX}/csv/vendors.csv`, `${FX}/cyclonedx/xxe.xml`, '--out', out]);
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a malformed --map', async () => {
    const r = await runCli(['import', `${FX}/csv/vendors.csv`, '--map', 'nonsense']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_USAGE');
    const bad = await runCli(['import', `${FX}/cyclonedx/bom-1.4.json`, '--map', 'classification.PHI=medical']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not a data category');
  });
});
