// json-rules-engine running the comparable rules over the raw inventory (no enrichment).
//   node bench/peers/jre.mjs INVENTORY TABLE.json OUT.keys
// TABLE.json: { asOf, cutoff, adversaryCountries: [...], adversaryRegions: {provider: [region ids]} }, the
// region → country knowledge embedded in the rule (what a peer user would write by hand).
import { readFileSync, writeFileSync } from 'node:fs';
import { Engine } from 'json-rules-engine';
import YAML from 'yaml';

const [file, tableFile, out] = process.argv.slice(2);
const table = JSON.parse(readFileSync(tableFile, 'utf8'));
const text = readFileSync(file, 'utf8');
const inv = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);

const engine = new Engine([], { allowUndefinedFacts: true });
engine.addOperator('anyIn', (factValue, list) => Array.isArray(factValue) && factValue.some((x) => list.includes(x)));
engine.addOperator('lexBefore', (factValue, cutoff) => typeof factValue === 'string' && factValue < cutoff);
const regionRules = [];
for (const [provider, regions] of Object.entries(table.adversaryRegions)) {
  regionRules.push({
    all: [
      { fact: 'provider', operator: 'equal', value: provider },
      { fact: 'regions', operator: 'anyIn', value: regions },
    ],
  });
}
engine.addRule({
  name: 'adversary-hosted-data',
  conditions: {
    all: [
      { fact: 'scope', operator: 'equal', value: 'service' },
      { fact: 'storesData', operator: 'equal', value: true },
      { any: [...regionRules, { fact: 'countries', operator: 'anyIn', value: table.adversaryCountries }] },
    ],
  },
  event: { type: 'adversary-hosted-data' },
});
engine.addRule({
  name: 'assessment-overdue',
  conditions: {
    all: [
      { fact: 'scope', operator: 'equal', value: 'vendor' },
      {
        any: [
          { fact: 'lastAssessed', operator: 'equal', value: null },
          { fact: 'lastAssessed', operator: 'lexBefore', value: table.cutoff },
        ],
      },
    ],
  },
  event: { type: 'assessment-overdue' },
});

const keys = [];
for (const v of inv.vendors) {
  const r = await engine.run({ scope: 'vendor', lastAssessed: v.lastAssessed ?? null });
  for (const e of r.events) keys.push(`${e.type}\t${v.id}\t`);
  for (const s of v.services ?? []) {
    const storesData = s.storesData ?? (s.data ?? []).length > 0;
    const res = await engine.run({
      scope: 'service',
      provider: typeof s.provider === 'string' ? s.provider : '',
      regions: s.regions ?? [],
      countries: s.countries ?? [],
      storesData,
    });
    for (const e of res.events) keys.push(`${e.type}\t${v.id}\t${s.id}`);
  }
}
writeFileSync(out, `${keys.sort().join('\n')}\n`);
