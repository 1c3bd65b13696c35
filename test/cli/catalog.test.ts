import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/util/suggest.js';
import { runCli } from './run.js';

describe('residency catalog', () => {
  it('lists providers with their controlling entity', async () => {
    const run = await runCli(['catalog', 'providers', '--json']);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout);
    const alibaba = rows.find((r: { id: string }) => r.id === 'alibaba-cloud');
    expect(alibaba.country).toBe('CN');
    expect(alibaba.regions).toBeGreaterThan(20);
  });

  it('lists regions keyed by provider, with operators', async () => {
    const aws = JSON.parse((await runCli(['catalog', 'regions', 'aws', '--json'])).stdout);
    const cn = aws.regions.find((r: { id: string }) => r.id === 'cn-north-1');
    expect(cn.country).toBe('CN');
    expect(cn.operator).toMatch(/Sinnet/);
    const huawei = JSON.parse((await runCli(['catalog', 'regions', 'Huawei Cloud', '--json'])).stdout);
    expect(huawei.regions.find((r: { id: string }) => r.id === 'ap-southeast-1').country).toBe('HK');
  });

  it('lists the restricted lists with what membership means for a buyer', async () => {
    const run = await runCli(['catalog', 'lists', '--json']);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as {
      id: string;
      severity: string;
      category: string;
      members: number;
      ownershipRule?: { percent: number; suspended?: { from: string } };
      effectiveDates: { from: string }[];
    }[];
    const sdn = rows.find((r) => r.id === 'ofac-sdn');
    expect(sdn).toMatchObject({ severity: 'critical', category: 'sanctions-blocking', ownershipRule: { percent: 50 } });
    expect(sdn?.members).toBeGreaterThan(0);
    expect(rows.find((r) => r.id === 'entity-list')?.ownershipRule?.suspended?.from).toBe('2025-11-10');
    expect(rows.find((r) => r.id === 'dod-1260h')?.effectiveDates.map((e) => e.from)).toEqual([
      '2026-06-30',
      '2027-06-30',
    ]);
    const text = (await runCli(['catalog', 'lists'])).stdout;
    expect(text).toMatch(/^ofac-sdn {2}critical {2}sanctions-blocking /m);
    expect(text).toMatch(/suspended from 2025-11-10 to 2026-11-09/);
  });

  it('suggests the closest provider for an unknown one', async () => {
    const run = await runCli(['catalog', 'regions', 'huawei']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Did you mean 'huawei-cloud'?");
    expect(didYouMean('alibab', ['alibaba-cloud', 'aws'])).toBe('alibaba-cloud');
    expect(didYouMean('zzz', ['alibaba-cloud', 'aws'])).toBeUndefined();
  });
});
