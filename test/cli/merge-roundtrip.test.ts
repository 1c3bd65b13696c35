import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Inventory } from '../../src/model/types.js';
import { ROOT } from '../helpers.js';
import { runCli } from './run.js';

/**
 * Nothing the user wrote is ever lost (issue 16): import A, edit by hand, import B, import A again.
 * Re-importing one source only replaces what that source produced.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-roundtrip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'importers');
cpSync(FIXTURES, path.join(tmp, 'in'), { recursive: true });

interface Source {
  name: string;
  args: string[];
}
const SOURCES: Source[] = [
  { name: 'CSV', args: ['in/csv/subprocessors.csv', '--subprocessors'] },
  { name: 'Terraform', args: ['in/terraform-alicloud'] },
  { name: 'plan', args: ['in/plan/plan.json'] },
  { name: 'CycloneDX', args: ['in/cyclonedx/bom-1.6.json'] },
];

async function importInto(out: string, args: string[]): Promise<string> {
  const r = await runCli(['import', ...args, '--out', out], { cwd: tmp });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

function read(out: string): Inventory {
  return parse(readFileSync(path.join(tmp, out), 'utf8')) as Inventory;
}

function vendorIds(inv: Inventory): string[] {
  return inv.vendors.map((v) => v.id).sort();
}

function serviceKeys(inv: Inventory): string[] {
  return inv.vendors.flatMap((v) => (v.services ?? []).map((s) => `${v.id}/${s.id}`)).sort();
}

/** What a person adds by hand after the first import. */
function edit(out: string): { vendor: string; service: string } {
  const inv = read(out);
  const vendor = inv.vendors[0];
  vendor.contract = { ends: '2027-06-30', regulatoryTermination: true };
  vendor.criticality = 'high';
  const service = (vendor.services ?? [])[0];
  service.criticality = 'critical';
  inv.vendors.push({
    id: 'hand-written',
    name: 'Hand Written Ltd',
    country: 'GB',
    services: [{ id: 'crm', provider: 'aws', regions: ['eu-west-2'] }],
  });
  writeFileSync(path.join(tmp, out), stringify(inv));
  return { vendor: vendor.id, service: service.id };
}

describe('re-import keeps other sources and hand edits', () => {
  SOURCES.forEach((a, i) => {
    const b = SOURCES[(i + 1) % SOURCES.length];
    it(`${a.name}, edit, ${b.name}, ${a.name} again`, async () => {
      const out = `roundtrip-${i}.yaml`;
      await importInto(out, a.args);
      const afterA = read(out);
      const edited = edit(out);
      await importInto(out, b.args);
      const afterB = read(out);
      const again = await importInto(out, a.args);
      const final = read(out);

      // B's vendors and services are all there after A again, and so are A's
      const alone = `alone-${i}.yaml`;
      await importInto(alone, b.args);
      for (const key of [...serviceKeys(afterA), ...serviceKeys(read(alone))])
        expect(serviceKeys(final)).toContain(key);
      expect(serviceKeys(final)).toEqual(serviceKeys(afterB));
      expect(vendorIds(final)).toContain('hand-written');
      expect(again).toMatch(/0 removed/);
      expect(again).not.toMatch(/^removed /m);

      const vendor = final.vendors.find((v) => v.id === edited.vendor);
      expect(vendor?.contract).toEqual({ ends: '2027-06-30', regulatoryTermination: true });
      expect(vendor?.criticality).toBe('high');
      expect(vendor?.services?.find((s) => s.id === edited.service)?.criticality).toBe('critical');
    });
  });
});

describe('what a re-import no longer finds', () => {
  it('is kept and reported; --prune removes it; other sources are untouched', async () => {
    const csv = path.join(tmp, 'in', 'csv', 'shrinking.csv');
    const full = readFileSync(path.join(FIXTURES, 'csv', 'subprocessors.csv'), 'utf8');
    writeFileSync(csv, full);
    const out = 'shrinking.yaml';
    await importInto(out, ['in/csv/shrinking.csv', '--subprocessors']);
    await importInto(out, ['in/terraform-alicloud']);
    const before = read(out);
    expect(vendorIds(before)).toContain('vague-hosting-co');

    // drop the CSV's last row
    const lines = full.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^Vague Hosting/);
    writeFileSync(csv, `${lines.slice(0, -1).join('\n')}\n`);

    const kept = await importInto(out, ['in/csv/shrinking.csv', '--subprocessors']);
    expect(kept).toMatch(/^kept vague-hosting-co\/main: no longer found in its source \(--prune removes it\)$/m);
    expect(kept).toMatch(/0 removed, 0 updated, 1 no longer found but kept/);
    expect(vendorIds(read(out))).toEqual(vendorIds(before));

    const pruned = await importInto(out, ['in/csv/shrinking.csv', '--subprocessors', '--prune']);
    expect(pruned).toMatch(/^removed vague-hosting-co\/main$/m);
    expect(pruned).toMatch(/^removed vague-hosting-co$/m);
    const after = read(out);
    expect(vendorIds(after)).toEqual(vendorIds(before).filter((id) => id !== 'vague-hosting-co'));
    // the Terraform import's vendor is not the CSV's to remove
    expect(vendorIds(after)).toContain('alibaba-cloud');
  });
});
