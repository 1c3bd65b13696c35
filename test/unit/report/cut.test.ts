/** RankCut: which items a report kept within a number of them lists (JUnit and SARIF). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankCut, severityOrder } from '../../../src/report/formatters/cut.js';

describe('RankCut', () => {
  it('lists the `budget` lowest-ranked items, the cut rank in order, and says so for a rank counted whole', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { maxLength: 40 }), fc.nat({ max: 45 }), (ranks, budget) => {
        const byRank = new Array<number>(6).fill(0);
        for (const r of ranks) byRank[r]++;
        const cut = RankCut.of(byRank, budget);
        const listed = ranks.map((r) => cut.lists(r));
        // as many as fit, all of them when they all fit
        expect(listed.filter(Boolean).length).toBe(Math.min(budget, ranks.length));
        // none listed outranked by one left out, and within a rank the first ones in order
        const worstListed = Math.max(-1, ...ranks.filter((_, i) => listed[i]));
        for (let i = 0; i < ranks.length; i++) if (!listed[i]) expect(ranks[i]).toBeGreaterThanOrEqual(worstListed);
        for (let i = 0; i < ranks.length; i++)
          for (let j = i + 1; j < ranks.length; j++)
            if (ranks[i] === ranks[j] && listed[j]) expect(listed[i]).toBe(true);
        // another pass decides alike
        const again = cut.again();
        expect(ranks.map((r) => again.lists(r))).toEqual(listed);
        // a rank counted whole: what asking for each of its items would list
        for (let rank = 0; rank < 6; rank++) {
          const fresh = cut.again();
          let one = 0;
          for (let k = 0; k < byRank[rank]; k++) if (fresh.lists(rank)) one++;
          expect(cut.listedOf(rank, byRank[rank])).toBe(one);
        }
      }),
      { numRuns: 300, seed: 23 },
    );
  });

  it('orders severities from critical to info, an unknown one with info', () => {
    expect(['critical', 'high', 'medium', 'low', 'info', 'bogus'].map(severityOrder)).toEqual([0, 1, 2, 3, 4, 4]);
  });
});
