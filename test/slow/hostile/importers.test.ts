/**
 * Hostile importer inputs (CSV, CycloneDX JSON/XML, Terraform, plan JSON) through the real CLI, and
 * prototype-named keys through the importers in-process.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/adapters/import-files.js';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import { validate } from '../../../src/schema/schemas.js';
import { runCliAsync } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { STACK_LINE, tempDir } from './run.js';

const FX = path.join(ROOT, 'test', 'fixtures', 'importers');
const HEADER = 'vendor,country,description,parent';
let dir: string;

function write(name: string, contents: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
  return file;
}

beforeAll(() => {
  dir = tempDir('residency-importers-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function expectLocated(run: { status: number | null; stderr: string }, file: string, code: string): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
  expect(run.stderr).toContain(code);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toContain('E_INTERNAL');
}

describe.concurrent('malformed importer inputs give located errors (check and import)', () => {
  const cases: [string, () => string, string, string?][] = [
    ['CSV with an unbalanced quote', () => path.join(FX, 'csv', 'unbalanced.csv'), 'E_PARSE'],
    [
      'CSV in Latin-1',
      () => write('latin1.csv', Buffer.from(`${HEADER}\nCaf\xe9 Ltd,France\n`, 'latin1')),
      'E_ENCODING',
    ],
    [
      'CSV with mixed encodings',
      () =>
        write(
          'mixed.csv',
          Buffer.concat([Buffer.from(`${HEADER}\nCafé Ltd,France\n`), Buffer.from('Caf\xe9 Ltd,France\n', 'latin1')]),
        ),
      'E_ENCODING',
      ':3:4',
    ],
    [
      'CSV whose headers are __proto__/constructor/prototype',
      () => write('proto.csv', '__proto__,constructor,prototype\nx,y,z\n'),
      'E_IMPORT_SHAPE',
    ],
    [
      'CycloneDX XML entity expansion (billion laughs)',
      () => path.join(FX, 'cyclonedx', 'billion-laughs.xml'),
      'E_XML_ENTITY',
    ],
    ['CycloneDX XML external entity (XXE)', () => path.join(FX, 'cyclonedx', 'xxe.xml'), 'E_XML_ENTITY'],
    [
      'CycloneDX JSON nested 100,000 levels',
      () =>
        write(
          'deep.cdx.json',
          `{"bomFormat":"CycloneDX","specVersion":"1.4","services":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
        ),
      'E_DEPTH',
    ],
    [
      'Terraform nested 100,000 levels',
      () => write('deeptf/main.tf', `locals {\n  a = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}\n`),
      'E_PARSE',
    ],
    ['malformed Terraform', () => path.join(FX, 'terraform-malformed'), 'E_PARSE'],
    ['a plan of the wrong shape', () => path.join(FX, 'plan', 'wrong-shape.json'), 'E_IMPORT_SHAPE'],
  ];
  for (const [name, make, code, position] of cases) {
    it(`${name} → ${code}`, async () => {
      const target = make();
      const shown = statSync(target).isDirectory() ? path.join(target, 'main.tf') : target;
      for (const args of [
        ['check', target, '--as-of', AS_OF],
        ['import', target],
      ]) {
        const run = await runCliAsync(args, { timeout: 60_000 });
        expect(run.signal).toBeNull();
        expectLocated(run, shown, code);
        if (position) expect(run.stderr).toContain(`${target}${position}`);
      }
    });
  }

  // Regression (found by `npm run fuzz`): a malformed XML prolog such as `<?xml ver&a 1.0"?>` passed the
  // validator and escaped fast-xml-parser as a plain Error, printed as `error E_INTERNAL: Pi Tag is not closed.`
  it('malformed CycloneDX XML → located error, not E_INTERNAL', async () => {
    const bom = readFileSync(path.join(FX, 'cyclonedx', 'bom-1.4.xml'), 'utf8');
    const target = write('pi.xml', `${bom.slice(0, 9)}&a ${bom.slice(15)}`);
    expectLocated(await runCliAsync(['check', target]), target, 'E_');
  });
});

describe('odd but valid importer inputs run in bounded time', () => {
  it('a CSV with a 1 MB cell imports (or fails located) without hanging', async () => {
    const file = write('bigcell.csv', `${HEADER}\n"${'x'.repeat(1024 * 1024)}",US\n`);
    const run = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'json'], { timeout: 60_000 });
    expect(run.signal).toBeNull();
    expect([0, 1]).toContain(run.status);
    expect(JSON.parse(run.stdout).summary.vendors).toBe(1);
  });

  it('CSV cells that look like formulas are neutralised in the CSV report', async () => {
    const file = write('formula.csv', `${HEADER}\n"=cmd|' /C calc'!A0",CN\n@SUM(1+1),China\n+1-1,CN\n`);
    const run = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'csv']);
    expect(run.status, run.stderr).toBe(1);
    const rows = parseCsv(run.stdout) as string[][];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r-]/);
    expect(run.stdout).toContain('cmd|');
  });

  it('import --out refuses to overwrite a file that is not an inventory, and leaves it unchanged', async () => {
    const out = write('notes.yaml', 'shopping: [milk, eggs]\n');
    const before = createHash('sha256').update(readFileSync(out)).digest('hex');
    const run = await runCliAsync(['import', path.join(FX, 'csv', 'vendors.csv'), '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('E_OVERWRITE');
    expect(run.stderr).toContain(out);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(before);
  });
});

describe('prototype-named keys through the importers', () => {
  it('CycloneDX JSON, Terraform and CSV values named __proto__/constructor stay data', async () => {
    const { catalog } = await loadCatalog([]);
    const bom = readFileSync(path.join(FX, 'cyclonedx', 'bom-1.4.json'), 'utf8').replace(
      '{"bom-ref"',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"bom-ref"',
    );
    const files = [
      write(
        'proto.cdx.json',
        bom.includes('__proto__') ? bom : bom.replace('"services"', '"__proto__":{"polluted":true},"services"'),
      ),
      write(
        'prototf/main.tf',
        'variable "constructor" {\n  default = "cn-hangzhou"\n}\nprovider "alicloud" {\n  region = var.constructor\n}\nresource "alicloud_oss_bucket" "__proto__" {\n  bucket = "x"\n}\n',
      ),
      write('proto-values.csv', `${HEADER}\n__proto__,CN,constructor,prototype\n`),
    ];
    const tf = path.dirname(files[1]);
    for (const file of [files[0], tf, files[2]]) {
      const read = await readInputs([file], { importOptions: { catalog } });
      expect(
        read.diagnostics.filter((d) => d.severity === 'error'),
        file,
      ).toEqual([]);
      for (const fragment of read.fragments) {
        expect(validate('inventory', JSON.parse(JSON.stringify(fragment.inventory)))).toEqual([]);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    const run = await runCliAsync(['check', tf, '--as-of', AS_OF, '--format', 'json']);
    expect([0, 1]).toContain(run.status);
    expect(JSON.stringify(JSON.parse(run.stdout).findings)).toContain('__proto__');
  });
});
