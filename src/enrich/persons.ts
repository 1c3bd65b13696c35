/**
 * Person status per regime: who is a U.S. person (28 CFR 202.256), a DSP covered person (28 CFR 202.211(a)), within
 * the ICTS rule's "owned by, controlled by, or subject to the jurisdiction or direction of a foreign adversary"
 * (15 CFR 791), or "controlled by a foreign adversary" under PADFA (Pub. L. 118-50 div. I §2(c)(2)).
 * Pure: each test is a `Test` over the ownership graph (src/enrich/ownership.ts).
 */
import { evaluateTest, label, type PersonNode, type Status, type Test, type Tri } from './ownership.js';

export interface CountryNames {
  name(code: string): string;
}

function kindOf(node: PersonNode): 'entity' | 'individual' | 'government' {
  if (node.kind) return node.kind;
  return node.residence || node.citizenship?.length ? 'individual' : 'entity';
}

/**
 * 28 CFR 202.256: US citizens, nationals, lawful permanent residents, entities organised solely under US law
 * (including foreign branches), any person in the United States. A designated person is never excluded.
 */
export function usPerson(node: PersonNode): { value: Tri; reason: string } {
  const kind = kindOf(node);
  if (kind === 'government') return { value: false, reason: `${node.name} is a government` };
  if (kind === 'entity') {
    if (node.organised === 'US')
      return { value: true, reason: `${node.name} is organised under US law: a U.S. person (28 CFR 202.256)` };
    if (node.organised) return { value: false, reason: `${node.name} is organised outside the United States` };
    return { value: 'unknown', reason: `the country under whose laws ${node.name} is organised is not recorded` };
  }
  if (node.citizenship?.includes('US'))
    return { value: true, reason: `${node.name} is a US citizen: a U.S. person wherever located (28 CFR 202.256)` };
  if (node.permanentResident === 'US')
    return { value: true, reason: `${node.name} is a US lawful permanent resident: a U.S. person (28 CFR 202.256)` };
  if (node.residence === 'US')
    return { value: true, reason: `${node.name} is in the United States: a U.S. person (28 CFR 202.256)` };
  if (node.residence && node.citizenship && node.citizenship.length > 0)
    return { value: false, reason: `${node.name} is neither a US citizen nor resident in the United States` };
  return { value: 'unknown', reason: `the citizenship or residence of ${node.name} is not recorded` };
}

/** Own-facts test shared by the regimes: organisation / principal place of business / residence / government. */
function locatedIn(node: PersonNode, countries: ReadonlySet<string>): Tri {
  const kind = kindOf(node);
  if (kind === 'government') return node.organised ? countries.has(node.organised) : 'unknown';
  if (kind === 'individual') return node.residence ? countries.has(node.residence) : 'unknown';
  if (node.principalPlaceOfBusiness && countries.has(node.principalPlaceOfBusiness)) return true;
  if (node.organised) return countries.has(node.organised);
  return 'unknown';
}

function locatedReason(node: PersonNode, countries: ReadonlySet<string>, names: CountryNames): string | undefined {
  const kind = kindOf(node);
  if (kind === 'government' && node.organised && countries.has(node.organised))
    return `the government of ${names.name(node.organised)}`;
  if (kind === 'individual' && node.residence && countries.has(node.residence))
    return `primarily resident in ${names.name(node.residence)}`;
  if (node.organised && countries.has(node.organised)) return `organised in ${names.name(node.organised)}`;
  if (node.principalPlaceOfBusiness && countries.has(node.principalPlaceOfBusiness))
    return `principal place of business in ${names.name(node.principalPlaceOfBusiness)}`;
  return undefined;
}

/** 28 CFR 202.211(a): countries of concern, covered persons, never a U.S. person (unless designated). */
export function dspTest(countries: ReadonlySet<string>, citation: string, names: CountryNames): Test {
  return {
    term: 'covered person',
    citation,
    threshold: 50,
    employmentPasses: true,
    excluded(node) {
      if (node.designated) return false;
      return usPerson(node).value;
    },
    base(node) {
      if (node.designated) return true;
      return locatedIn(node, countries);
    },
    reason(node) {
      if (node.designated) return 'designated by the Attorney General (202.211(a)(5))';
      const r = locatedReason(node, countries, names);
      if (!r) return undefined;
      return kindOf(node) === 'government'
        ? `${r} (a country of concern)`
        : `${r} (202.211(a)(${kindOf(node) === 'individual' ? 4 : 1}))`;
    },
  };
}

/**
 * 15 CFR 791 (ICTS): a person owned by, controlled by, or subject to the jurisdiction or direction of a foreign
 * adversary. Interpretation: "subject to the jurisdiction" = organised, headquartered or resident in a
 * foreign-adversary country; "owned by / controlled by" = 50 % or more in the aggregate held by such persons, a
 * parent recorded as controlling, or — for the catalogue's group structures only — the only owner of a subsidiary
 * whose share is not recorded (a group parent). An inventory owner or legacy chain link without a share is
 * `unknown`: the text sets no percentage, so an unrecorded share proves neither ownership nor control.
 * "Subject to the direction" short of ownership or control: a person the inventory declares to act at the order,
 * request or direction of such a person (`directedBy`). A U.S. subsidiary is not excluded.
 */
export function ictsTest(countries: ReadonlySet<string>, citation: string, names: CountryNames): Test {
  return {
    term: 'person owned by, controlled by or subject to the jurisdiction of a foreign adversary',
    citation,
    threshold: 50,
    controlPasses: true,
    soleParentControls: true,
    directionPasses: true,
    base: (node) => locatedIn(node, countries),
    reason: (node) => locatedReason(node, countries, names),
  };
}

/**
 * PADFA §2(c)(2): (A) a foreign person domiciled in, headquartered in, with its principal place of business in, or
 * organised under the laws of a foreign adversary country; (B) an entity in which such persons directly or
 * indirectly hold at least a 20 % stake; (C) a person subject to the direction or control of (A) or (B) persons
 * (interpretation: 50 % or more, a parent recorded as controlling, or a declared `directedBy`). A stake held through an entity that is
 * itself only a (B) entity is looked through (its share times the qualifying stake in it).
 */
export function padfaTest(countries: ReadonlySet<string>, citation: string, names: CountryNames): Test {
  return {
    term: 'person controlled by a foreign adversary',
    citation,
    threshold: 50,
    minorityThreshold: 20,
    controlPasses: true,
    directionPasses: true,
    base(node) {
      const us = usPerson(node).value;
      if (us === true) return false;
      const located = locatedIn(node, countries);
      if (located === true && us === 'unknown') return 'unknown';
      return located;
    },
    reason: (node) => locatedReason(node, countries, names),
  };
}

export type { Status };
export { evaluateTest, label };
