// json-rules-engine running the 6 comparable rules over the raw inventory (no enrichment).
//   node bench/peers/jre.mjs INVENTORY TABLE.json OUT.keys
// TABLE.json is the static reference table the runner builds from the catalogue (bench/run.mjs peerTable()): the
// provider / region / country knowledge a user of the engine would write by hand. One engine per scope (vendor,
// service, data set), one engine.run per target, as the engine is meant to be used; custom operators for the table
// lookups.
import { Engine } from 'json-rules-engine';
import { key, peerArgs, writeKeys } from './common.mjs';

const { inv, table: T, out } = peerArgs();

function newEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('anyIn', (factValue, list) => Array.isArray(factValue) && factValue.some((x) => list.includes(x)));
  engine.addOperator('lexBefore', (factValue, bound) => typeof factValue === 'string' && factValue < bound);
  engine.addOperator(
    'lexBetween',
    (factValue, [from, to]) => typeof factValue === 'string' && factValue >= from && factValue <= to,
  );
  // { provider, regions } has a region listed for its provider in a provider → region ids table
  engine.addOperator('regionIn', (place, map) => place.regions.some((r) => map[place.provider]?.includes(r)));
  // some service matches: provider in `providers` or a region in one of the `regionMaps`
  engine.addOperator('someService', (services, { providers = [], regionMaps = [] }) =>
    services.some((s) => {
      const provider = typeof s.provider === 'string' ? s.provider : '';
      return (
        providers.includes(provider) || regionMaps.some((m) => (s.regions ?? []).some((r) => m[provider]?.includes(r)))
      );
    }),
  );
  return engine;
}

const hostedInAdversary = {
  any: [
    { fact: 'place', operator: 'regionIn', value: T.adversaryRegions },
    { fact: 'countries', operator: 'anyIn', value: T.adversaryCountries },
  ],
};
const adversaryControlled = {
  any: [
    { fact: 'provider', operator: 'in', value: T.adversaryProviders },
    { fact: 'place', operator: 'regionIn', value: T.adversaryOperatedRegions },
  ],
};

const vendorEngine = newEngine();
vendorEngine.addRule({
  name: 'assessment-overdue',
  conditions: {
    any: [
      { fact: 'lastAssessed', operator: 'equal', value: null },
      { fact: 'lastAssessed', operator: 'lexBefore', value: T.cutoff },
    ],
  },
  event: { type: 'assessment-overdue' },
});
vendorEngine.addRule({
  name: 'restricted-list-entity',
  conditions: {
    all: [
      {
        fact: 'services',
        operator: 'someService',
        value: { providers: T.listedProviders, regionMaps: [T.listedRegions] },
      },
    ],
  },
  event: { type: 'restricted-list-entity' },
});

const serviceEngine = newEngine();
serviceEngine.addRule({
  name: 'adversary-hosted-data',
  conditions: { all: [{ fact: 'storesData', operator: 'equal', value: true }, hostedInAdversary] },
  event: { type: 'adversary-hosted-data' },
});
serviceEngine.addRule({
  name: 'adversary-controlled-provider',
  conditions: { all: [adversaryControlled] },
  event: { type: 'adversary-controlled-provider' },
});
serviceEngine.addRule({
  name: 'critical-dependency-without-exit-plan',
  conditions: {
    all: [
      { fact: 'criticality', operator: 'in', value: ['critical', 'high'] },
      adversaryControlled,
      {
        not: {
          all: [
            { fact: 'exitPlanDocumented', operator: 'equal', value: true },
            { fact: 'exitPlanTested', operator: 'lexBetween', value: [T.cutoff, T.asOf] },
          ],
        },
      },
    ],
  },
  event: { type: 'critical-dependency-without-exit-plan' },
});

const dataEngine = newEngine();
dataEngine.addRule({
  name: 'provider-held-keys',
  conditions: {
    all: [
      { fact: 'category', operator: 'in', value: T.sensitiveCategories },
      adversaryControlled,
      {
        any: [
          { fact: 'atRest', operator: 'notEqual', value: true },
          { fact: 'keys', operator: 'in', value: ['provider', 'none'] },
        ],
      },
    ],
  },
  event: { type: 'provider-held-keys' },
});

const keys = [];
for (const v of inv.vendors) {
  const services = v.services ?? [];
  const r = await vendorEngine.run({
    lastAssessed: v.lastAssessed ?? null,
    services,
  });
  for (const e of r.events) keys.push(key(e.type, v));
  for (const s of services) {
    const data = s.data ?? [];
    const provider = typeof s.provider === 'string' ? s.provider : '';
    const place = { provider, regions: s.regions ?? [] };
    const res = await serviceEngine.run({
      provider,
      place,
      countries: s.countries ?? [],
      storesData: s.storesData ?? data.length > 0,
      criticality: s.criticality ?? v.criticality ?? 'medium',
      exitPlanDocumented: v.exitPlan?.documented ?? null,
      exitPlanTested: v.exitPlan?.lastTested ?? null,
    });
    for (const e of res.events) keys.push(key(e.type, v, s));
    for (let i = 0; i < data.length; i++) {
      const d = data[i];
      const dr = await dataEngine.run({
        provider,
        place,
        category: d.category,
        atRest: d.encryption?.atRest ?? null,
        keys: d.encryption?.keys ?? null,
      });
      for (const e of dr.events) keys.push(key(e.type, v, s, i));
    }
  }
}
writeKeys(out, keys);
