/**
 * The long fuzz run: `npm run fuzz` (FUZZ_SECONDS, default 600; FUZZ_SEED to replay).
 * Not part of `npm test`. Writes its result to FUZZ_RESULT (default fuzz-result.json) and prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { importCsv } from '../../src/importers/csv.js';
import { importCycloneDxJson, importCycloneDxXml } from '../../src/importers/cyclonedx.js';
import { importTerraformPlan } from '../../src/importers/terraform-plan.js';
import { ResidencyError } from '../../src/model/errors.js';
import { parseText } from '../../src/parse/parse.js';
import { validate } from '../../src/schema/schemas.js';
import { allFormatters, checkText, inventoryArb, junkDocument, loadWorld } from '../slow/properties/arbitraries.js';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 600);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const RESULT = process.env.FUZZ_RESULT ?? 'fuzz-result.json';
const ROOT = path.resolve(import.meta.dirname, '..', '..');

const IMPORT_FIXTURES = [
  'test/fixtures/importers/csv/subprocessors.csv',
  'test/fixtures/importers/csv/vendors.csv',
  'test/fixtures/importers/cyclonedx/bom-1.4.json',
  'test/fixtures/importers/cyclonedx/bom-1.6.json',
  'test/fixtures/importers/cyclonedx/bom-1.4.xml',
  'test/fixtures/importers/cyclonedx/bom-1.6.xml',
  'test/fixtures/importers/plan/plan.json',
];

const EXAMPLES = ['examples/acme-failing.yaml', 'examples/acme-clean.yaml', 'examples/minimal.yaml'].map((f) =>
  readFileSync(path.join(ROOT, f), 'utf8'),
);
const TOKENS = [
  '&a ',
  '*a',
  '!!js/function ',
  '!foo ',
  '{',
  '}',
  '[',
  ']',
  '- ',
  '\t',
  ': ',
  '"',
  "'",
  '#',
  '\n',
  '\r\n',
  '\ufeff',
  '\u0000',
  '<<: *a',
  '__proto__: ',
  '? ',
  '|',
  '>',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '\\u0000',
  '1e999',
];

const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 8 }),
  insert: fc.oneof(
    fc.constantFrom(...TOKENS),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  ),
});

interface Stat {
  property: string;
  runs: number;
  failure?: string;
  counterexample?: string;
}

test(`fuzz the pipeline for ${SECONDS}s (seed ${SEED})`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  const w = await loadWorld();
  const formatters = await allFormatters();
  const budget = (SECONDS * 1000) / 5;
  const stats: Stat[] = [];
  const started = Date.now();

  const run = async <T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void): Promise<void> => {
    const stat: Stat = { property: name, runs: 0 };
    stats.push(stat);
    const details = await fc.check(
      fc.property(arb, (value) => {
        stat.runs++;
        check(value);
      }),
      { seed: SEED, numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: budget, markInterruptAsFailure: false },
    );
    if (details.failed) {
      stat.failure = String(details.errorInstance ?? 'failed').slice(0, 2000);
      stat.counterexample = JSON.stringify(details.counterexample)?.slice(0, 4000);
    }
  };

  // 1. mutated example files (YAML and JSON): only ResidencyError may escape
  await run(
    'mutated example text → parse/validate/check throws only ResidencyError',
    fc.tuple(fc.constantFrom(0, 1, 2), fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 6 })),
    ([which, asJson, edits]) => {
      let text = EXAMPLES[which];
      if (asJson) text = JSON.stringify(parse(text) ?? null, null, 1);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.del);
      }
      checkText(w, text, asJson ? 'fuzz.json' : 'fuzz.yaml');
    },
  );

  // 2. arbitrary JSON / YAML documents
  await run('arbitrary documents → only ResidencyError', fc.tuple(junkDocument, fc.boolean()), ([value, asYaml]) => {
    const text = asYaml ? stringify(value ?? null) : (JSON.stringify(value) ?? 'null');
    checkText(w, text, asYaml ? 'junk.yaml' : 'junk.json');
  });

  // 3. valid inventories with hostile strings → every formatter runs; JSON parses; terminal is clean
  await run('generated inventories → every formatter succeeds and stays clean', inventoryArb(w), (inv) => {
    const result = checkText(w, JSON.stringify(inv));
    if (result instanceof ResidencyError) return;
    for (const [name, format] of formatters) {
      const out = format(result);
      if (name === 'json' || name === 'sarif') JSON.parse(out);
      if (name === 'pretty' && /[\u001b\u202e]/.test(out)) throw new Error('control character in terminal output');
    }
  });

  // 4/5. mutated importer inputs (CSV, CycloneDX JSON, plan JSON; CycloneDX XML on its own): only
  //      ResidencyError may escape, and whatever imports is a schema-valid canonical inventory
  const importers = IMPORT_FIXTURES.map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
  const importProperty = (xml: boolean) =>
    run(
      `mutated ${xml ? 'CycloneDX XML' : 'CSV / CycloneDX JSON / plan'} inputs → import throws only ResidencyError, output validates`,
      fc.tuple(
        fc.constantFrom(...IMPORT_FIXTURES.map((_, i) => i).filter((i) => IMPORT_FIXTURES[i].endsWith('.xml') === xml)),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
      ),
      ([which, edits]) => {
        let text = importers[which];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        const file = IMPORT_FIXTURES[which];
        try {
          const options = { catalog: w.catalog };
          const fragment = file.endsWith('.csv')
            ? importCsv(text, file, 'x', options)
            : file.endsWith('.xml')
              ? importCycloneDxXml(text, file, options)
              : file.includes('plan')
                ? importTerraformPlan(parseText(text, file), options)
                : importCycloneDxJson(parseText(text, file), options);
          const errors = validate('inventory', JSON.parse(JSON.stringify(fragment.inventory)));
          if (errors.length > 0) throw new Error(`import produced an invalid inventory: ${JSON.stringify(errors[0])}`);
        } catch (error) {
          if (!(error instanceof ResidencyError)) throw error;
        }
      },
    );
  await importProperty(false);
  await importProperty(true);

  const summary = {
    date: new Date().toISOString(),
    seed: SEED,
    seconds: Math.round((Date.now() - started) / 1000),
    runs: stats.reduce((n, s) => n + s.runs, 0),
    failures: stats.filter((s) => s.failure).length,
    properties: stats,
  };
  writeFileSync(RESULT, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
  expect(summary.failures).toBe(0);
});
