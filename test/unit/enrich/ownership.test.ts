import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTest, MAX_PARTS, type PersonNode, type Tri } from '../../../src/enrich/ownership.js';
import { dspTest, ictsTest, padfaTest, usPerson } from '../../../src/enrich/persons.js';

const COC = new Set(['CN', 'HK', 'MO', 'RU', 'IR', 'KP', 'CU', 'VE']);
const FA = new Set(['CN', 'HK', 'MO', 'RU', 'IR', 'KP']);
const names = { name: (c: string) => ({ CN: 'China', RU: 'Russia', US: 'United States' })[c] ?? c };
const dsp = dspTest(COC, '28 CFR 202.211(a)', names);
const icts = ictsTest(FA, '15 CFR 791', names);
const padfa = padfaTest(FA, 'PADFA §2(c)(2)', names);

function graph(...nodes: (Partial<PersonNode> & { key: string })[]): Map<string, PersonNode> {
  return new Map(nodes.map((n) => [n.key, { name: n.key, owners: [], ...n }]));
}

describe('DSP covered person on the ownership graph (28 CFR 202.211(a))', () => {
  it('passes status down each ≥ 50 % link without multiplying shares (60 % of 60 % is covered)', () => {
    const g = graph(
      { key: 'V GmbH', organised: 'DE', owners: [{ owner: 'V Pte Ltd', percent: 60 }] },
      { key: 'V Pte Ltd', organised: 'SG', owners: [{ owner: 'Z Co', percent: 60 }] },
      { key: 'Z Co', organised: 'CN' },
    );
    const v = evaluateTest(g, dsp);
    expect(v.value('V GmbH')).toBe(true);
    expect(v.value('V Pte Ltd')).toBe(true);
    const evidence = v.status('V GmbH').evidence;
    expect(evidence).toContain('60 % V Pte Ltd (SG)');
    expect(evidence).toContain('60 % Z Co (CN), organised in China');
    expect(evidence).toContain('⇒ covered person under 28 CFR 202.211(a)');
  });

  it('aggregates shares of several covered owners (30 % China + 25 % Russia = 55 %)', () => {
    const g = graph(
      {
        key: 'V',
        organised: 'DE',
        owners: [
          { owner: 'A', percent: 30 },
          { owner: 'B', percent: 25 },
        ],
      },
      { key: 'A', organised: 'CN' },
      { key: 'B', organised: 'RU' },
    );
    const v = evaluateTest(g, dsp);
    expect(v.value('V')).toBe(true);
    expect(v.status('V').evidence).toContain('= 55 %');
  });

  it('stays below the threshold at 49 % in the aggregate', () => {
    const g = graph(
      {
        key: 'V',
        organised: 'DE',
        owners: [
          { owner: 'A', percent: 24 },
          { owner: 'B', percent: 25 },
          { owner: 'C', percent: 51 },
        ],
      },
      { key: 'A', organised: 'CN' },
      { key: 'B', organised: 'RU' },
      { key: 'C', organised: 'FR' },
    );
    expect(evaluateTest(g, dsp).value('V')).toBe(false);
  });

  it('gives unknown, not 100 %, when a covered owner holds an unrecorded share', () => {
    const g = graph(
      { key: 'V', organised: 'DE', owners: [{ owner: 'Z', percent: undefined }] },
      { key: 'Z', organised: 'CN' },
    );
    const s = evaluateTest(g, dsp).status('V');
    expect(s.value).toBe('unknown');
    expect(s.missing).toContain('the share Z holds in V');
    expect(s.evidence).not.toContain('100 %');
  });

  it('an unrecorded share that cannot reach 50 % is not unknown', () => {
    const g = graph(
      { key: 'V', organised: 'DE', owners: [{ owner: 'Z' }, { owner: 'F', percent: 60 }] },
      { key: 'Z', organised: 'CN' },
      { key: 'F', organised: 'FR' },
    );
    expect(evaluateTest(g, dsp).value('V')).toBe(false);
  });

  it('never makes a U.S. person covered, whatever owns it (202.256 Example 8)', () => {
    const g = graph(
      { key: 'Sub Inc', organised: 'US', owners: [{ owner: 'Parent', percent: 100 }] },
      { key: 'Parent', organised: 'CN' },
    );
    expect(evaluateTest(g, dsp).value('Sub Inc')).toBe(false);
    expect(evaluateTest(g, dsp).value('Parent')).toBe(true);
    // ICTS and PADFA have their own tests: the US subsidiary is within both
    expect(evaluateTest(g, icts).value('Sub Inc')).toBe(true);
    expect(evaluateTest(g, padfa).value('Sub Inc')).toBe(true);
  });

  it('treats a US citizen living in Shanghai as a U.S. person (202.256 Example 2)', () => {
    const node: PersonNode = {
      key: 'p',
      name: 'P',
      kind: 'individual',
      residence: 'CN',
      citizenship: ['US'],
      owners: [],
    };
    expect(usPerson(node).value).toBe(true);
    expect(evaluateTest(graph(node), dsp).value('p')).toBe(false);
  });

  it('covers a foreign individual primarily resident in a country of concern ((a)(4), 202.211 Example 1)', () => {
    const g = graph({ key: 'p', kind: 'individual', residence: 'IR', citizenship: ['FR'] });
    expect(evaluateTest(g, dsp).value('p')).toBe(true);
  });

  it('covers a Chinese citizen in the United States only when designated (202.211 Example 2)', () => {
    const g = graph(
      { key: 'p', kind: 'individual', residence: 'US', citizenship: ['CN'] },
      { key: 'q', kind: 'individual', residence: 'US', citizenship: ['CN'], designated: true },
    );
    const v = evaluateTest(g, dsp);
    expect(v.value('p')).toBe(false);
    expect(v.value('q')).toBe(true);
  });

  it('covers employees of a covered entity ((a)(3)) but not U.S.-person employees', () => {
    const g = graph(
      { key: 'Z', organised: 'CN' },
      { key: 'e', kind: 'individual', residence: 'DE', citizenship: ['DE'], employers: ['Z'] },
      { key: 'u', kind: 'individual', residence: 'DE', citizenship: ['US'], employers: ['Z'] },
    );
    const v = evaluateTest(g, dsp);
    expect(v.value('e')).toBe(true);
    expect(v.value('u')).toBe(false);
  });

  it('is unknown when the country of organisation is missing', () => {
    expect(evaluateTest(graph({ key: 'V' }), dsp).value('V')).toBe('unknown');
  });

  it('terminates on cycles and a cycle does not make itself covered', () => {
    const g = graph(
      { key: 'A', organised: 'DE', owners: [{ owner: 'B', percent: 60 }] },
      { key: 'B', organised: 'FR', owners: [{ owner: 'A', percent: 60 }] },
    );
    const v = evaluateTest(g, dsp);
    expect(v.value('A')).toBe(false);
    expect(v.value('B')).toBe(false);
    expect(v.status('A').evidence).toContain('not a covered person');
  });
});

describe('PADFA "controlled by a foreign adversary" (20 %)', () => {
  it('a 20 % stake held by a foreign adversary company is enough', () => {
    const g = graph(
      { key: 'V', organised: 'DE', owners: [{ owner: 'Z', percent: 20 }] },
      { key: 'Z', organised: 'CN' },
    );
    expect(evaluateTest(g, padfa).value('V')).toBe(true);
    expect(evaluateTest(g, dsp).value('V')).toBe(false);
  });

  it('a stake held through an owner that is itself only a minority-held (B) entity is looked through', () => {
    // Z (CN) holds 25 % of X: X is a (B) entity; X holds 30 % of Y: Z's indirect stake in Y is 7.5 %, not 30 %
    const g = graph(
      { key: 'Y', organised: 'DE', owners: [{ owner: 'X', percent: 30 }] },
      { key: 'X', organised: 'DE', owners: [{ owner: 'Z', percent: 25 }] },
      { key: 'Z', organised: 'CN' },
    );
    const v = evaluateTest(g, padfa);
    expect(v.value('X')).toBe(true);
    expect(v.value('Y')).toBe(false);
    // 45 % of Y held by X, itself 45 % held from China: 45 % × 45 % = 20.25 % reaches the 20 % stake; 49 % × 40 %
    // = 19.6 % does not
    const through = (x: number, y: number) =>
      graph(
        { key: 'Y', organised: 'DE', owners: [{ owner: 'X', percent: y }] },
        { key: 'X', organised: 'DE', owners: [{ owner: 'Z', percent: x }] },
        { key: 'Z', organised: 'CN' },
      );
    const t = evaluateTest(through(45, 45), padfa);
    expect(t.value('Y')).toBe(true);
    expect(t.status('Y').evidence).toContain('(20.25 % held by qualifying persons, looked through)');
    expect(evaluateTest(through(49, 40), padfa).value('Y')).toBe(false);
    // an owner held 50 % from China is controlled by it (C): its own 40 % stake counts whole
    expect(evaluateTest(through(50, 40), padfa).value('Y')).toBe(true);
    // a direct 10 % plus 7.5 % looked through stays below 20 %
    const mixed = graph(
      {
        key: 'Y',
        organised: 'DE',
        owners: [
          { owner: 'X', percent: 30 },
          { owner: 'Z', percent: 10 },
        ],
      },
      { key: 'X', organised: 'DE', owners: [{ owner: 'Z', percent: 25 }] },
      { key: 'Z', organised: 'CN' },
    );
    expect(evaluateTest(mixed, padfa).value('Y')).toBe(false);
  });

  it('an unrecorded share behind a (B) entity leaves the looked-through stake unknown', () => {
    const g = graph(
      { key: 'Y', organised: 'DE', owners: [{ owner: 'X', percent: 90 }] },
      { key: 'X', organised: 'DE', owners: [{ owner: 'Z' }, { owner: 'W', percent: 60 }] },
      { key: 'Z', organised: 'CN' },
      { key: 'W', organised: 'DE' },
    );
    // Z holds at most 40 % of X: X is (B) only if Z holds 20 % or more; Y then at most 90 % × 40 % = 36 %
    const v = evaluateTest(g, padfa);
    expect(v.value('X')).toBe('unknown');
    expect(v.value('Y')).toBe('unknown');
  });

  it('control passes down: an entity 60 % owned by a (B) entity is controlled (C)', () => {
    const g = graph(
      { key: 'Y', organised: 'DE', owners: [{ owner: 'X', percent: 60 }] },
      { key: 'X', organised: 'DE', owners: [{ owner: 'Z', percent: 25 }] },
      { key: 'Z', organised: 'CN' },
    );
    expect(evaluateTest(g, padfa).value('Y')).toBe(true);
  });
});

describe('ICTS control (interpretation)', () => {
  it('a person declared to act at the direction of a foreign-adversary person is within ICTS and PADFA (C), not the DSP', () => {
    const g = graph(
      { key: 'V', organised: 'DE', directedBy: ['MSS'] },
      { key: 'MSS', kind: 'government', organised: 'CN' },
    );
    expect(evaluateTest(g, icts).value('V')).toBe(true);
    expect(evaluateTest(g, icts).status('V').evidence).toContain(
      'acts at the direction of MSS (CN), the government of China',
    );
    expect(evaluateTest(g, padfa).value('V')).toBe(true);
    expect(evaluateTest(g, dsp).value('V')).toBe(false);
    // a director whose own status is unknown leaves it unknown; a director that is not a foreign-adversary person does nothing
    const unknown = graph({ key: 'V', organised: 'DE', directedBy: ['Someone'] }, { key: 'Someone' });
    expect(evaluateTest(unknown, icts).value('V')).toBe('unknown');
    const benign = graph({ key: 'V', organised: 'DE', directedBy: ['FR Co'] }, { key: 'FR Co', organised: 'FR' });
    expect(evaluateTest(benign, icts).value('V')).toBe(false);
  });

  it('an inventory owner (or legacy chain link) of unrecorded share is unknown, not a controlling group parent', () => {
    const declared = graph(
      { key: 'S', organised: 'SG', owners: [{ owner: 'P', declared: true }] },
      { key: 'P', organised: 'CN' },
    );
    expect(evaluateTest(declared, icts).value('S')).toBe('unknown');
    expect(evaluateTest(declared, icts).status('S').missing).toEqual(['the share P holds in S']);
    // the catalogue's group structure (an undeclared edge) keeps the group-parent reading
    const catalogue = graph({ key: 'S', organised: 'SG', owners: [{ owner: 'P' }] }, { key: 'P', organised: 'CN' });
    expect(evaluateTest(catalogue, icts).value('S')).toBe(true);
    // a declared controlling owner states control
    const controlling = graph(
      { key: 'S', organised: 'SG', owners: [{ owner: 'P', declared: true, controlling: true }] },
      { key: 'P', organised: 'CN' },
    );
    expect(evaluateTest(controlling, icts).value('S')).toBe(true);
  });

  it('a parent recorded as controlling passes control whatever its share', () => {
    const g = graph(
      { key: 'S', organised: 'SG', owners: [{ owner: 'P', controlling: true }] },
      { key: 'P', organised: 'KY', principalPlaceOfBusiness: 'CN' },
    );
    expect(evaluateTest(g, icts).value('S')).toBe(true);
    expect(evaluateTest(g, dsp).value('S')).toBe('unknown');
  });
});

// ---------------------------------------------------------------------------------------------- properties

const COUNTRIES = ['US', 'DE', 'SG', 'CN', 'RU', 'FR', undefined] as const;
const arbGraph = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc
          .record({
            organised: fc.constantFrom(...COUNTRIES),
            owners: fc.array(
              fc.record({
                owner: fc.integer({ min: 0, max: n - 1 }).map((j) => `n${j}`),
                percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
              }),
              { maxLength: 3 },
            ),
          })
          .map(
            (r) =>
              ({
                key: `n${i}`,
                name: `n${i}`,
                owners: r.owners,
                ...(r.organised ? { organised: r.organised } : {}),
              }) as PersonNode,
          ),
      ),
    ),
  )
  .map((nodes) => new Map(nodes.map((n) => [n.key, n])));

const rank = (t: Tri): number => (t === true ? 2 : t === 'unknown' ? 1 : 0);
const TESTS = { dsp, icts, padfa };

describe('explanations of a graph that branches (issue 13: linear in every input shape)', () => {
  /** `layers` layers of `width` holdings, each owned in equal shares by every holding of the next; the top in China. */
  function layered(layers: number, width: number, vendors: number) {
    const nodes: (Partial<PersonNode> & { key: string })[] = [];
    for (let k = 0; k < layers; k++) {
      for (let b = 0; b < width; b++) {
        nodes.push({
          key: `H${k}-${b}`,
          organised: k === layers - 1 ? 'CN' : 'SG',
          owners:
            k + 1 < layers
              ? Array.from({ length: width }, (_, c) => ({ owner: `H${k + 1}-${c}`, percent: Math.floor(100 / width) }))
              : [],
        });
      }
    }
    for (let i = 0; i < vendors; i++)
      nodes.push({ key: `V${i}`, organised: 'DE', owners: [{ owner: 'H0-0', percent: 100 }] });
    return graph(...nodes);
  }
  /** Owners an explanation names (each `NN % Name`), and those it counts without naming (`… N more`). */
  function named(evidence: string): { written: number; counted: number } {
    const written = evidence.match(/\d+ % H\d+-\d+/g)?.length ?? 0;
    let counted = 0;
    for (const m of evidence.matchAll(/… (\d+) more owners?/g)) counted += Number(m[1]);
    return { written, counted };
  }

  it('writes at most MAX_PARTS owners and counts the rest; the verdict does not depend on it', () => {
    // 8 holdings a layer, 6 layers: written whole, each vendor's explanation would name 8^5 + … ≈ 37,000 owners
    const g = layered(6, 8, 3);
    for (const test of [dsp, icts, padfa]) {
      const v = evaluateTest(g, test);
      for (let i = 0; i < 3; i++) {
        expect(v.value(`V${i}`)).toBe(true);
        const { evidence } = v.status(`V${i}`);
        const { written, counted } = named(evidence);
        // the vendor's own owner (H0-0) plus at most MAX_PARTS - 1 more
        expect(written).toBe(MAX_PARTS);
        expect(counted).toBeGreaterThan(0);
        expect(evidence.length).toBeLessThan(MAX_PARTS * 100);
      }
    }
  });

  it('a graph within the limit is written whole, as before', () => {
    // 3 holdings a layer, 3 layers: 1 + 3 + 9 = 13 owners written, none counted
    const v = evaluateTest(layered(3, 3, 1), dsp);
    expect(v.value('V0')).toBe(true);
    expect(named(v.status('V0').evidence)).toEqual({ written: 13, counted: 0 });
  });

  it('the explanations of many vendors over one such graph grow with the vendors, not with the paths', () => {
    const vendors = 400;
    const v = evaluateTest(layered(6, 10, vendors), dsp);
    let length = 0;
    for (let i = 0; i < vendors; i++) length += v.status(`V${i}`).evidence.length;
    expect(length).toBeLessThan(vendors * MAX_PARTS * 100);
  });
});

describe('ownership graph properties', () => {
  for (const [name, test] of Object.entries(TESTS)) {
    it(`${name}: adding an adversary owner never clears a status`, () => {
      fc.assert(
        fc.property(arbGraph, fc.integer({ min: 1, max: 100 }), fc.nat(), (g, percent, pick) => {
          const before = evaluateTest(g, test);
          const target = [...g.keys()][pick % g.size];
          const added = new Map(g);
          added.set('adv', { key: 'adv', name: 'adv', organised: 'CN', owners: [] });
          const t = added.get(target) as PersonNode;
          added.set(target, { ...t, owners: [...t.owners, { owner: 'adv', percent }] });
          const after = evaluateTest(added, test);
          // true stays true, unknown never becomes false
          for (const key of g.keys()) expect(rank(after.value(key))).toBeGreaterThanOrEqual(rank(before.value(key)));
        }),
        { numRuns: 200 },
      );
    });

    it(`${name}: the order of owners does not matter`, () => {
      fc.assert(
        fc.property(arbGraph, (g) => {
          const reversed = new Map([...g].reverse().map(([k, n]) => [k, { ...n, owners: [...n.owners].reverse() }]));
          const a = evaluateTest(g, test);
          const b = evaluateTest(reversed, test);
          for (const key of g.keys()) expect(b.value(key)).toBe(a.value(key));
        }),
        { numRuns: 200 },
      );
    });

    it(`${name}: terminates on any graph (cycles included) and explains every verdict`, () => {
      fc.assert(
        fc.property(arbGraph, (g) => {
          const v = evaluateTest(g, test);
          for (const key of g.keys()) expect(v.status(key).evidence.length).toBeGreaterThan(0);
        }),
        { numRuns: 200 },
      );
    });
  }
});
