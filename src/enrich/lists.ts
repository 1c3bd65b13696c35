/**
 * Restricted lists with their real effect for a buyer of services. Pure.
 *
 * - Memberships count only when current at --as-of (src/catalog/lists.ts).
 * - A list's ownership rule (OFAC 50 % rule for the SDN list) applies through the ownership graph: a person owned
 *   `percent` % or more, directly or indirectly, individually or in the aggregate, by listed persons is treated as
 *   listed; status passes down each link like the DSP covered-person test; unknown shares give 'unknown'.
 * - The basis of a list finding follows the list's category: blocking sanctions on the vendor, its provider or a
 *   region operator are a prohibition (US persons may not deal with them); the §1260H list bars DoD contracting
 *   (reportable for an organisation that is a DoD contractor, once its dates are in force); export-control,
 *   securities, telecom-equipment lists are exposure for a buyer of services.
 */
import { activeOwnershipRule, currentMemberships, effectsInForce } from '../catalog/lists.js';
import type { Catalog, RestrictedList } from '../catalog/types.js';
import type { Severity } from '../model/types.js';
import {
  evaluateTest,
  type Graph,
  type Order,
  type PersonNode,
  type Test,
  type Tri,
  type Verdicts,
} from './ownership.js';
import type { ListHit } from './types.js';

export type ListBasis = 'prohibited' | 'reportable' | 'exposure' | 'unknown';

/** One ownership-rule test per list that has one in force at --as-of. */
export interface ListOwnership {
  list: RestrictedList;
  verdicts: Verdicts;
}

function memberTest(catalog: Catalog, list: RestrictedList, asOf: string, percent: number, aggregate: boolean): Test {
  // the graph keys (`c:<catalogue entity id>`) of the list's current members, found once (not per person and pass)
  const members = new Set<string>();
  for (const [id, entity] of catalog.entities) {
    if (currentMemberships(entity, asOf).some((m) => m.list === list.id)) members.add(`c:${id}`);
  }
  const member = (node: PersonNode): boolean => members.has(node.key);
  return {
    term: `blocked (${list.name})`,
    citation: list.ownershipRule?.citation ?? list.citation,
    threshold: percent,
    individually: !aggregate,
    base: (node) => member(node),
    reason: (node) => (member(node) ? `on the ${list.name}` : undefined),
  };
}

export function listOwnership(graph: Graph, catalog: Catalog, asOf: string, order?: Order): ListOwnership[] {
  const out: ListOwnership[] = [];
  for (const list of [...catalog.lists.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const rule = activeOwnershipRule(list, asOf);
    if (!rule) continue;
    out.push({
      list,
      verdicts: evaluateTest(graph, memberTest(catalog, list, asOf, rule.percent, rule.aggregate), order),
    });
  }
  return out;
}

/** Hits for one party (vendor, provider, region operator) from the lists' ownership rules (not direct members). */
export function ownershipHits(
  key: string,
  name: string,
  party: ListHit['party'],
  rules: readonly ListOwnership[],
  direct: ReadonlySet<string>,
): ListHit[] {
  const hits: ListHit[] = [];
  for (const { list, verdicts } of rules) {
    if (direct.has(list.id)) continue;
    const value: Tri = verdicts.value(key);
    if (value === false) continue;
    const status = verdicts.status(key);
    hits.push({
      list: list.id,
      listName: list.name,
      entity: name,
      effect: list.effect,
      citation: list.ownershipRule?.citation ?? list.citation,
      category: list.category,
      buyerConsequence: list.buyerConsequence,
      severity: list.severity,
      party,
      via: 'ownership',
      status: value,
      evidence: status.evidence,
    });
  }
  return hits;
}

/** Direct memberships of one catalogue entity, current at --as-of. */
export function memberHits(catalog: Catalog, entityId: string, asOf: string, party: ListHit['party']): ListHit[] {
  const entity = catalog.entities.get(entityId);
  if (!entity) return [];
  return currentMemberships(entity, asOf).map((m) => {
    const list = catalog.lists.get(m.list);
    return {
      list: m.list,
      listName: list?.name ?? m.list,
      entity: entity.name,
      since: m.since,
      effect: list?.effect ?? '',
      citation: list?.citation ?? m.source,
      category: list?.category ?? 'other',
      buyerConsequence: list?.buyerConsequence ?? list?.effect ?? '',
      severity: list?.severity ?? 'medium',
      party,
      via: 'member',
      status: true,
    };
  });
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * The basis and severity of a vendor's list exposure. Only hits on a party the organisation deals with (the vendor)
 * or that processes its data (provider, region operator) carry a legal effect; a listed owner further up is exposure.
 */
export function listVerdict(
  hits: readonly ListHit[],
  catalog: Catalog,
  asOf: string,
  organisation: { dodContractor?: boolean },
): { basis: ListBasis; severity: Severity; reason: string } {
  const dealing = hits.filter((h) => h.party !== 'owner');
  const blocking = dealing.filter((h) => h.category === 'sanctions-blocking');
  const worst = (hs: readonly ListHit[]): Severity =>
    hs.reduce<Severity>(
      (w, h) =>
        SEVERITY_ORDER.indexOf(h.severity as Severity) < SEVERITY_ORDER.indexOf(w) ? (h.severity as Severity) : w,
      'info',
    );
  const proven = blocking.filter((h) => h.status === true);
  if (proven.length > 0)
    return {
      basis: 'prohibited',
      severity: 'critical',
      reason: `${proven.map((h) => h.entity).join(', ')}: blocked (${proven[0].citation}); US persons may not deal with it`,
    };
  if (blocking.length > 0)
    return {
      basis: 'unknown',
      severity: 'medium',
      reason: `whether ${blocking.map((h) => h.entity).join(', ')} is blocked depends on a share that is not recorded`,
    };
  const procurement = dealing.filter((h) => {
    if (h.category !== 'procurement') return false;
    const list = catalog.lists.get(h.list);
    return list ? effectsInForce(list, asOf).length > 0 : false;
  });
  if (organisation.dodContractor === true && procurement.length > 0)
    return {
      basis: 'reportable',
      severity: 'high',
      reason: `the organisation is a DoD contractor and ${procurement.map((h) => h.listName).join(', ')} contracting bars are in force`,
    };
  return { basis: 'exposure', severity: worst(hits), reason: 'no list forbids buying these services' };
}
