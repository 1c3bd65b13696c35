// Hand-written JavaScript for the 6 comparable rules: plain loops over the raw inventory, Sets built from the
// static reference table, no engine.
//   node bench/peers/handwritten.mjs INVENTORY TABLE.json OUT.keys
import { key, peerArgs, writeKeys } from './common.mjs';
import { tableLookups } from './lookups.mjs';

const { inv, table: T, out } = peerArgs();
const { adversary, sensitive, advProviders, listedProviders, advRegions, advOperated, listedRegions } = tableLookups(T);
const anyRegion = (map, provider, regions) => {
  const set = map.get(provider);
  if (set) for (const r of regions) if (set.has(r)) return true;
  return false;
};
const testedWithinYear = (d) => typeof d === 'string' && d >= T.cutoff && d <= T.asOf;

const keys = [];
for (const v of inv.vendors) {
  let listed = false;
  const exitPlanOk = v.exitPlan?.documented === true && testedWithinYear(v.exitPlan.lastTested);
  for (const s of v.services ?? []) {
    const provider = typeof s.provider === 'string' ? s.provider : '';
    const regions = s.regions ?? [];
    const data = s.data ?? [];
    const hostingAdversary =
      anyRegion(advRegions, provider, regions) || (s.countries ?? []).some((c) => adversary.has(c));
    const controlled = advProviders.has(provider) || anyRegion(advOperated, provider, regions);
    if (listedProviders.has(provider) || anyRegion(listedRegions, provider, regions)) listed = true;
    if (hostingAdversary && (s.storesData ?? data.length > 0) === true) keys.push(key('adversary-hosted-data', v, s));
    if (controlled) keys.push(key('adversary-controlled-provider', v, s));
    const criticality = s.criticality ?? v.criticality ?? 'medium';
    if ((criticality === 'critical' || criticality === 'high') && controlled && !exitPlanOk)
      keys.push(key('critical-dependency-without-exit-plan', v, s));
    if (!controlled) continue;
    for (let i = 0; i < data.length; i++) {
      const d = data[i];
      if (!sensitive.has(d.category)) continue;
      const enc = d.encryption;
      const encrypted = enc?.atRest === true && enc.keys !== 'none';
      const keyHolder = enc?.atRest === false ? 'none' : (enc?.keys ?? 'unknown');
      if (!encrypted || keyHolder === 'provider' || keyHolder === 'none') keys.push(key('provider-held-keys', v, s, i));
    }
  }
  const assessed = v.lastAssessed;
  if (assessed === undefined || assessed === null || (typeof assessed === 'string' && assessed < T.cutoff))
    keys.push(key('assessment-overdue', v));
  if (listed) keys.push(key('restricted-list-entity', v));
}
writeKeys(out, keys);
