import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandReport } from '../../../src/report/compact.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF } from '../../helpers.js';
import { runCli } from '../run.js';

export const FAILING = 'examples/acme-failing.yaml';
export const CLEAN = 'examples/acme-clean.yaml';

export function tempDir(prefix = 'residency-formats-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The JSON report of a check, expanded to its full form (what the other formats are made from). */
export async function jsonReport(file: string, extra: string[] = []): Promise<Report> {
  const run = await runCli(['check', file, '--as-of', AS_OF, '--format', 'json', ...extra]);
  if (run.status !== 0 && run.status !== 1) throw new Error(`check failed (${run.status}): ${run.stderr}`);
  return expandReport(JSON.parse(run.stdout)) as Report;
}

/** Strings that try to break out of every output format. */
export const HOSTILE = {
  script: '<script>alert(1)</script><img src=x onerror="window.__pwned=1">',
  cdata: "\"]]><x a='1'>&amp;",
  ansi: '\u001b[31mred\u001b[0m\u0007bell\u0000nul',
  formula: '=HYPERLINK("http://x")',
  markdown: '| pipe | **bold** [link](http://x) `code` @everyone',
};

/**
 * A valid inventory whose vendor and service names carry hostile strings, on a provider controlled
 * from an adversary country so that findings (and thus every hostile string) reach each format.
 */
export function hostileInventory(dir: string): string {
  const file = path.join(dir, 'hostile.yaml');
  const inventory = {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: `Org ${HOSTILE.script}`, jurisdiction: 'US' },
    vendors: [
      {
        id: 'hostile-vendor',
        name: HOSTILE.script,
        description: HOSTILE.cdata,
        criticality: 'high',
        ownership: [{ entity: `${HOSTILE.cdata} Holdings`, country: 'CN', percent: 60 }],
        services: [
          {
            id: 'svc-one',
            name: `${HOSTILE.cdata} ${HOSTILE.ansi}`,
            provider: 'alibaba-cloud',
            regions: ['us-east-1'],
            data: [{ category: 'personal', usPersons: 250000, encryption: { atRest: true, keys: 'provider' } }],
          },
        ],
      },
      {
        id: 'formula-vendor',
        name: HOSTILE.formula,
        criticality: 'medium',
        services: [
          {
            id: 'svc-two',
            name: HOSTILE.markdown,
            provider: 'alibaba-cloud',
            regions: ['ap-southeast-1'],
            data: [{ category: 'health', usPersons: 20000 }],
          },
        ],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(inventory, null, 2));
  return file;
}
