// Spectral ruleset for the 6 comparable rules, shared by the Spectral CLI and the Spectral API peers.
// `makeRuleset(table)` takes the static reference table (bench/run.mjs peerTable()); for the CLI the runner writes
// bench/out/spectral-ruleset.mjs, which imports this file and calls it with the table inlined.
// Each rule is a `given` JSONPath plus a custom function (Spectral's core functions cannot look values up in a
// table); rules that need the vendor and its services are given the vendor and report at the service's or data
// set's path, as a Spectral user would.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { tableLookups } from './lookups.mjs';

export function makeRuleset(T) {
  const { adversary, sensitive, advProviders, listedProviders, advRegions, advOperated, listedRegions } =
    tableLookups(T);
  const providerOf = (s) => (typeof s.provider === 'string' ? s.provider : '');
  const anyRegion = (map, s) => {
    const set = map.get(providerOf(s));
    return set !== undefined && (s.regions ?? []).some((r) => set.has(r));
  };
  const hostedInAdversary = (s) => anyRegion(advRegions, s) || (s.countries ?? []).some((c) => adversary.has(c));
  const controlled = (s) => advProviders.has(providerOf(s)) || anyRegion(advOperated, s);
  const isObject = (x) => x !== null && typeof x === 'object';
  const fn = (impl) =>
    createRulesetFunction({ input: null, options: null }, (target, _options, context) =>
      isObject(target) ? impl(target, context.path) : [],
    );
  const at = (path, message) => ({ message, path });

  const hosted = fn((s, path) =>
    (s.storesData ?? (s.data ?? []).length > 0) === true && hostedInAdversary(s)
      ? [at(path, 'adversary-hosted-data')]
      : [],
  );
  const controlledProvider = fn((s, path) => (controlled(s) ? [at(path, 'adversary-controlled-provider')] : []));
  const criticalDependency = fn((v, path) => {
    const tested = v.exitPlan?.lastTested;
    const exitPlanOk =
      v.exitPlan?.documented === true && typeof tested === 'string' && tested >= T.cutoff && tested <= T.asOf;
    if (exitPlanOk) return [];
    const out = [];
    (v.services ?? []).forEach((s, i) => {
      const criticality = s.criticality ?? v.criticality ?? 'medium';
      if ((criticality === 'critical' || criticality === 'high') && controlled(s))
        out.push(at([...path, 'services', i], 'critical-dependency-without-exit-plan'));
    });
    return out;
  });
  const providerHeldKeys = fn((s, path) => {
    if (!controlled(s)) return [];
    const out = [];
    (s.data ?? []).forEach((d, i) => {
      if (!sensitive.has(d.category)) return;
      const enc = d.encryption;
      const encrypted = enc?.atRest === true && enc.keys !== 'none';
      const keys = enc?.atRest === false ? 'none' : (enc?.keys ?? 'unknown');
      if (!encrypted || keys === 'provider' || keys === 'none')
        out.push(at([...path, 'data', i], 'provider-held-keys'));
    });
    return out;
  });
  const overdue = fn((v, path) => {
    const d = v.lastAssessed;
    return d === undefined || d === null || (typeof d === 'string' && d < T.cutoff)
      ? [at(path, 'assessment-overdue')]
      : [];
  });
  const listed = fn((v, path) =>
    (v.services ?? []).some((s) => listedProviders.has(providerOf(s)) || anyRegion(listedRegions, s))
      ? [at(path, 'restricted-list-entity')]
      : [],
  );

  // biome-ignore lint/suspicious/noThenProperty: `then` is Spectral's ruleset format
  const rule = (given, func) => ({ given, severity: 'error', then: { function: func } });
  const services = '$.vendors[*].services[*]';
  const vendors = '$.vendors[*]';
  return {
    rules: {
      'adversary-hosted-data': rule(services, hosted),
      'adversary-controlled-provider': rule(services, controlledProvider),
      'critical-dependency-without-exit-plan': rule(vendors, criticalDependency),
      'provider-held-keys': rule(services, providerHeldKeys),
      'assessment-overdue': rule(vendors, overdue),
      'restricted-list-entity': rule(vendors, listed),
    },
  };
}
