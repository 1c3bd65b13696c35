// Spectral ruleset for the comparable rules (the runner writes TABLE in; see bench/run.mjs).
import { createRulesetFunction } from '@stoplight/spectral-core';

const TABLE = __TABLE__;

const hosted = createRulesetFunction({ input: null, options: null }, (service) => {
  if (!service || typeof service !== 'object') return [];
  const storesData = service.storesData ?? (service.data ?? []).length > 0;
  if (storesData !== true) return [];
  const regions = (typeof service.provider === 'string' && TABLE.adversaryRegions[service.provider]) || [];
  const hit =
    (service.regions ?? []).some((r) => regions.includes(r)) ||
    (service.countries ?? []).some((c) => TABLE.adversaryCountries.includes(c));
  return hit ? [{ message: 'adversary-hosted-data' }] : [];
});

const overdue = createRulesetFunction({ input: null, options: null }, (vendor) => {
  if (!vendor || typeof vendor !== 'object') return [];
  const d = vendor.lastAssessed;
  return d === undefined || (typeof d === 'string' && d < TABLE.cutoff) ? [{ message: 'assessment-overdue' }] : [];
});

export default {
  rules: {
    // biome-ignore lint/suspicious/noThenProperty: `then` is Spectral's ruleset format
    'adversary-hosted-data': { given: '$.vendors[*].services[*]', severity: 'error', then: { function: hosted } },
    // biome-ignore lint/suspicious/noThenProperty: `then` is Spectral's ruleset format
    'assessment-overdue': { given: '$.vendors[*]', severity: 'error', then: { function: overdue } },
  },
};
