import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../../src/adapters/workspace.js';
import { DEFAULTS } from '../../../src/cli/settings.js';
import { applyWeights } from '../../../src/runner/check.js';

describe('applyWeights', () => {
  it('returns a reweighted pack and leaves the loaded (cached) rule definitions alone', async () => {
    const pack = await loadRulePack();
    const id = pack.rules[0].definition.id;
    const before = pack.rules[0].definition.weight;
    const { pack: weighted, diagnostics } = applyWeights(pack, {
      settings: {
        ...DEFAULTS,
        weights: [
          { id, weight: 7, reason: 'house policy' },
          { id: 'no-such-rule', weight: 2, reason: 'x' },
        ],
      },
      sources: { ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, 'default'])), weights: 'rc.yaml' } as never,
    });
    expect(weighted.rules.find((r) => r.definition.id === id)?.definition.weight).toBe(7);
    expect(weighted.compiled.find((c) => c.definition.id === id)?.definition.weight).toBe(7);
    expect(diagnostics.map((d) => d.code)).toEqual(['W_CONFIG_UNKNOWN_RULE']);
    // the pack it was given, and the next pack loaded in this process, are unchanged
    expect(pack.rules[0].definition.weight).toBe(before);
    const again = await loadRulePack();
    expect(again.rules.find((r) => r.definition.id === id)?.definition.weight).toBe(before);
  });
});
