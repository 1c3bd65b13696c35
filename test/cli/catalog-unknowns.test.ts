/**
 * Issue 12 item 7: a catalogue that admits what it doesn't know. An unknown region of a known provider is a
 * located warning and an unknown-hosting-location finding, not exit 2; `validate --strict` makes warnings errors;
 * reports warn when the catalogue's newest fact is more than 180 days before --as-of.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { runCli } from './run.js';

const FIXTURE = 'test/fixtures/catalog/new-regions.yaml';
const FRESH = '2026-12-01';

async function jsonReport(asOf: string): Promise<{ status: number | null; report: Report; stderr: string }> {
  const run = await runCli(['check', FIXTURE, '--format', 'json', '--as-of', asOf, '--fail-on', 'never']);
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

describe('unknown regions of known providers', () => {
  it('validate warns, located, and passes; --strict makes it an error (exit 2)', async () => {
    const lenient = await runCli(['validate', FIXTURE]);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(
      /^test\/fixtures\/catalog\/new-regions\.yaml:16:19 {2}warning W_UNKNOWN_REGION: unknown region 'us-southeast-9' for provider 'alibaba-cloud' .*Did you mean 'us-southeast-1'\?$/m,
    );
    expect(lenient.stdout).toMatch(/valid \(1 warning\(s\)\)/);
    const strict = await runCli(['validate', '--strict', FIXTURE]);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/new-regions\.yaml:16:19 {2}error W_UNKNOWN_REGION/);
    expect(strict.stderr).toMatch(/^1 error\(s\)$/m);
  });

  it('check runs to a report: the unknown region is an unknown-hosting-location finding, the new ones resolve', async () => {
    const { status, report } = await jsonReport(FRESH);
    expect(status).toBe(0);
    const unknown = report.findings.filter((f) => f.ruleId === 'unknown-hosting-location');
    expect(unknown.map((f) => f.service?.id)).toEqual(['future']);
    expect(unknown[0].message).toContain('us-southeast-9');
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'W_UNKNOWN_REGION', severity: 'warning', line: 16, column: 19 }),
    );
    const services = report.vendors.find((v) => v.id === 'shop')?.services ?? [];
    expect(services.find((s) => s.id === 'atlanta')?.countries).toEqual(['US']);
    expect(services.find((s) => s.id === 'sovereign')?.countries).toEqual(['DE']);
  });
});

describe('catalogue staleness', () => {
  const FAR = '2099-01-01';
  const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

  it('the JSON report and the terminal say when the newest fact is more than 180 days old', async () => {
    const { report } = await jsonReport(FAR);
    const stale = report.catalog.stale;
    expect(stale?.maxAgeDays).toBe(180);
    expect(stale?.newestAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(stale?.ageDays).toBe(days(stale?.newestAsOf ?? '', FAR));
    const pretty = await runCli(['check', FIXTURE, '--format', 'pretty', '--as-of', FAR, '--fail-on', 'never']);
    expect(pretty.stdout.replace(/\s+/g, ' ')).toContain(
      `the catalogue is stale: its newest fact is from ${stale?.newestAsOf}, ${stale?.ageDays} days before --as-of ${FAR} (more than 180)`,
    );
  });

  it('a catalogue 180 days old is not stale, and adds nothing to the report', async () => {
    const newest = (await jsonReport(FAR)).report.catalog.stale?.newestAsOf ?? '';
    const edge = new Date(Date.parse(newest) + 180 * 86_400_000).toISOString().slice(0, 10);
    const { report } = await jsonReport(edge);
    expect(Object.keys(report.catalog)).toEqual(['version', 'sha256']);
    const pretty = await runCli(['check', FIXTURE, '--format', 'pretty', '--as-of', edge, '--fail-on', 'never']);
    expect(pretty.stdout).not.toMatch(/stale/);
    const dayAfter = new Date(Date.parse(newest) + 181 * 86_400_000).toISOString().slice(0, 10);
    expect((await jsonReport(dayAfter)).report.catalog.stale?.ageDays).toBe(181);
  });
});

describe('list memberships are dated', () => {
  const listHits = async (asOf: string): Promise<string[]> => {
    const run = await runCli([
      'check',
      'test/fixtures/catalog/removed-member.yaml',
      '--catalog',
      'test/fixtures/catalog/removed-member.catalog.yaml',
      '--format',
      'json',
      '--as-of',
      asOf,
      '--fail-on',
      'never',
    ]);
    const report = JSON.parse(run.stdout) as Report;
    return report.findings.filter((f) => f.ruleId === 'restricted-list-entity').flatMap((f) => f.evidence);
  };

  it('a member removed from a list (until) before --as-of is not reported as on it; before removal it is', async () => {
    const now = await listHits('2026-12-01');
    expect(now.some((e) => e.includes('NS-CMIC'))).toBe(true);
    expect(now.some((e) => e.includes('1260H'))).toBe(false);
    const before = await listHits('2024-12-01');
    expect(before.some((e) => e.includes('1260H'))).toBe(true);
  });
});
