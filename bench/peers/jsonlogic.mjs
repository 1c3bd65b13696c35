// json-logic-js running the 6 comparable rules over the raw inventory (no enrichment).
//   node bench/peers/jsonlogic.mjs INVENTORY TABLE.json OUT.keys
// Rules are JsonLogic expressions applied per target to a context object that references the raw records
// ({ vendor }, { vendor, service }, { vendor, service, data }); lists (countries, categories, providers) are
// literals in the rules; the provider → region tables sit behind one custom operation, `regionListed`.
import jsonLogic from 'json-logic-js';
import { key, peerArgs, writeKeys } from './common.mjs';

const { inv, table: T, out } = peerArgs();

const maps = {
  adversaryRegions: T.adversaryRegions,
  adversaryOperatedRegions: T.adversaryOperatedRegions,
  listedRegions: T.listedRegions,
};
jsonLogic.add_operation('regionListed', (mapName, provider, regions) => {
  const ids = typeof provider === 'string' ? maps[mapName][provider] : undefined;
  return ids !== undefined && Array.isArray(regions) && regions.some((r) => ids.includes(r));
});

// service-level sub-expressions, relative to a service at `p` ('service.' or '' inside `some`)
const v = (name, def) => ({ var: def === undefined ? name : [name, def] });
const hostedInAdversary = (p) => ({
  or: [
    { regionListed: ['adversaryRegions', v(`${p}provider`), v(`${p}regions`)] },
    { some: [v(`${p}countries`, []), { in: [v(''), T.adversaryCountries] }] },
  ],
});
const adversaryControlled = (p) => ({
  or: [
    { in: [v(`${p}provider`), T.adversaryProviders] },
    { regionListed: ['adversaryOperatedRegions', v(`${p}provider`), v(`${p}regions`)] },
  ],
});
const storesData = {
  if: [{ '!=': [v('service.storesData'), null] }, v('service.storesData'), { '>': [v('service.data.length'), 0] }],
};

const vendorRules = {
  'assessment-overdue': {
    or: [{ '==': [v('vendor.lastAssessed'), null] }, { '<': [v('vendor.lastAssessed'), T.cutoff] }],
  },
  'restricted-list-entity': {
    some: [
      v('vendor.services', []),
      {
        or: [
          { in: [v('provider'), T.listedProviders] },
          { regionListed: ['listedRegions', v('provider'), v('regions')] },
        ],
      },
    ],
  },
};
const serviceRules = {
  'adversary-hosted-data': { and: [{ '===': [storesData, true] }, hostedInAdversary('service.')] },
  'adversary-controlled-provider': adversaryControlled('service.'),
  'critical-dependency-without-exit-plan': {
    and: [
      { in: [v('service.criticality', v('vendor.criticality', 'medium')), ['critical', 'high']] },
      adversaryControlled('service.'),
      {
        '!': {
          and: [
            { '===': [v('vendor.exitPlan.documented'), true] },
            { '<=': [T.cutoff, v('vendor.exitPlan.lastTested'), T.asOf] },
          ],
        },
      },
    ],
  },
};
const dataRules = {
  'provider-held-keys': {
    and: [
      { in: [v('data.category'), T.sensitiveCategories] },
      adversaryControlled('service.'),
      {
        or: [{ '!==': [v('data.encryption.atRest'), true] }, { in: [v('data.encryption.keys'), ['provider', 'none']] }],
      },
    ],
  },
};
const entries = (rules) => Object.entries(rules);
const [vendorList, serviceList, dataList] = [entries(vendorRules), entries(serviceRules), entries(dataRules)];

const keys = [];
for (const vendor of inv.vendors) {
  const vc = { vendor };
  for (const [rule, logic] of vendorList)
    if (jsonLogic.truthy(jsonLogic.apply(logic, vc))) keys.push(key(rule, vendor));
  for (const service of vendor.services ?? []) {
    const sc = { vendor, service };
    for (const [rule, logic] of serviceList)
      if (jsonLogic.truthy(jsonLogic.apply(logic, sc))) keys.push(key(rule, vendor, service));
    const data = service.data ?? [];
    for (let i = 0; i < data.length; i++) {
      const dc = { vendor, service, data: data[i] };
      for (const [rule, logic] of dataList)
        if (jsonLogic.truthy(jsonLogic.apply(logic, dc))) keys.push(key(rule, vendor, service, i));
    }
  }
}
writeKeys(out, keys);
