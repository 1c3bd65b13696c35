import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/catalog/build.js';
import {
  activeOwnershipRule,
  catalogFreshness,
  currentMemberships,
  effectsInForce,
  isSuspended,
  STALE_AFTER_DAYS,
} from '../../../src/catalog/lists.js';
import { type Entity, LIST_CATEGORIES, type RestrictedList } from '../../../src/catalog/types.js';
import { ResidencyError } from '../../../src/model/errors.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { ROOT, yamlFiles } from '../../helpers.js';

const bundledDocs = yamlFiles(join(ROOT, 'rules', 'catalog')).map((path) =>
  parseText(readFileSync(path, 'utf8'), relative(ROOT, path)),
);
const bundled = buildCatalog(bundledDocs);
const catalog = bundled.catalog;

function list(id: string): RestrictedList {
  const found = catalog.lists.get(id);
  if (!found) throw new Error(`no list ${id}`);
  return found;
}

function entity(id: string): Entity {
  const found = catalog.entities.get(id);
  if (!found) throw new Error(`no entity ${id}`);
  return found;
}

/** Build the bundled catalogue plus one extra file; returns the thrown or reported diagnostics. */
function withExtra(yaml: string): { diagnostics: Diagnostic[]; threw: boolean } {
  const extra = parseText(yaml, 'extra.yaml');
  try {
    return { diagnostics: buildCatalog([...bundledDocs, extra]).diagnostics, threw: false };
  } catch (error) {
    if (error instanceof ResidencyError) return { diagnostics: error.diagnostics, threw: true };
    throw error;
  }
}

const HEADER = 'apiVersion: residency/v1\nkind: Catalog\n';

describe('restricted lists carry their legal effect', () => {
  it('every bundled list has a category, a severity and a buyer consequence', () => {
    expect(catalog.lists.size).toBeGreaterThanOrEqual(6);
    for (const l of catalog.lists.values()) {
      expect(LIST_CATEGORIES, l.id).toContain(l.category);
      expect(['critical', 'high', 'medium', 'low', 'info'], l.id).toContain(l.severity);
      expect(l.buyerConsequence.length, l.id).toBeGreaterThan(20);
    }
  });

  it('grades the lists by what they mean for a buyer of services', () => {
    expect([list('ofac-sdn').category, list('ofac-sdn').severity]).toEqual(['sanctions-blocking', 'critical']);
    expect([list('dod-1260h').category, list('dod-1260h').severity]).toEqual(['procurement', 'high']);
    expect(list('entity-list').category).toBe('export-control');
    expect(['medium', 'low']).toContain(list('entity-list').severity);
    expect([list('ns-cmic').category, list('ns-cmic').severity]).toEqual(['securities', 'low']);
    expect(list('fcc-covered-list').category).toBe('telecom-equipment');
    // severities other than SDN's are readings, and say so
    for (const id of ['entity-list', 'fcc-covered-list', 'dod-1260h', 'ns-cmic']) {
      expect(list(id).interpretation, id).toMatch(/severity/i);
    }
  });

  it('encodes the OFAC 50 Percent Rule on the SDN list, in aggregate and never suspended', () => {
    const rule = list('ofac-sdn').ownershipRule;
    expect(rule).toMatchObject({ percent: 50, aggregate: true });
    expect(rule?.suspended).toBeUndefined();
    expect(activeOwnershipRule(list('ofac-sdn'), '2026-12-01')).toBe(rule);
  });

  it('does not apply the BIS Affiliates rule while it is suspended', () => {
    const el = list('entity-list');
    expect(el.ownershipRule).toMatchObject({ percent: 50, aggregate: true });
    expect(el.ownershipRule?.suspended).toMatchObject({ from: '2025-11-10', until: '2026-11-09' });
    expect(activeOwnershipRule(el, '2025-10-15')).toBeDefined(); // in force 29 Sep – 9 Nov 2025
    expect(activeOwnershipRule(el, '2025-11-10')).toBeUndefined(); // first day of the suspension
    expect(activeOwnershipRule(el, '2026-11-09')).toBeUndefined(); // last day of the suspension
    expect(activeOwnershipRule(el, '2026-11-10')).toBeDefined();
  });

  it('an open-ended suspension lasts until the catalogue says otherwise', () => {
    const rule = { percent: 50, aggregate: true, citation: 'x', source: 'x', asOf: '2026-01-01' };
    expect(isSuspended({ ...rule, suspended: { from: '2026-01-01', source: 'x' } }, '2099-01-01')).toBe(true);
    expect(isSuspended({ ...rule, suspended: { from: '2026-01-01', source: 'x' } }, '2025-12-31')).toBe(false);
    expect(isSuspended(rule, '2026-06-01')).toBe(false);
  });

  it('dates the FY2024 NDAA §805 contracting bans for §1260H members', () => {
    const l = list('dod-1260h');
    expect(effectsInForce(l, '2026-06-29')).toEqual([]);
    expect(effectsInForce(l, '2026-06-30').map((e) => e.from)).toEqual(['2026-06-30']);
    expect(effectsInForce(l, '2027-06-30').map((e) => e.from)).toEqual(['2026-06-30', '2027-06-30']);
  });

  it('puts Sberbank on the SDN list from 6 April 2022 and leaves Cloud.ru’s unknown share unknown', () => {
    const sdn = currentMemberships(entity('sberbank'), '2026-12-01').filter((m) => m.list === 'ofac-sdn');
    expect(sdn).toHaveLength(1);
    expect(sdn[0].since).toBe('2022-04-06');
    expect(currentMemberships(entity('sberbank'), '2022-04-05').some((m) => m.list === 'ofac-sdn')).toBe(false);
    const owner = entity('cloud-ru').owners?.find((o) => o.entity === 'sberbank');
    expect(owner).toBeDefined();
    expect(owner?.percent).toBeUndefined();
    expect(owner?.interpretation).toMatch(/unknown/);
  });
});

describe('currentMemberships', () => {
  const member: Entity = {
    id: 'x',
    name: 'X',
    country: 'CN',
    source: 'test',
    asOf: '2026-01-01',
    lists: [
      { list: 'dod-1260h', since: '2021-06-03', until: '2025-01-06', source: 'test', asOf: '2026-01-01' },
      { list: 'ns-cmic', source: 'test', asOf: '2026-01-01' },
    ],
  };

  it('a member removed before --as-of is not a current member', () => {
    expect(currentMemberships(member, '2026-12-01').map((m) => m.list)).toEqual(['ns-cmic']);
  });

  it('the removal date itself is the first day outside the list', () => {
    expect(currentMemberships(member, '2025-01-06').map((m) => m.list)).toEqual(['ns-cmic']);
    expect(currentMemberships(member, '2025-01-05').map((m) => m.list)).toEqual(['dod-1260h', 'ns-cmic']);
  });

  it('a membership is not current before it starts; one without dates always is', () => {
    expect(currentMemberships(member, '2021-06-02').map((m) => m.list)).toEqual(['ns-cmic']);
    expect(currentMemberships({ lists: undefined }, '2026-01-01')).toEqual([]);
  });
});

describe('buildCatalog checks the new fields', () => {
  it('rejects a list without category, severity or buyer consequence, at its location', () => {
    const { diagnostics, threw } = withExtra(
      `${HEADER}lists:\n  - id: my-list\n    name: Mine\n    authority: Me\n    citation: none\n    effect: nothing\n    source: test\n    asOf: 2026-01-01\n`,
    );
    expect(threw).toBe(true);
    const messages = diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n');
    expect(messages).toMatch(/extra\.yaml:4 .*category/);
    expect(messages).toMatch(/severity/);
    expect(messages).toMatch(/buyerConsequence/);
  });

  it('rejects an unknown category', () => {
    const { threw, diagnostics } = withExtra(
      `${HEADER}lists:\n  - id: my-list\n    name: Mine\n    authority: Me\n    citation: none\n    effect: nothing\n    category: embargo\n    buyerConsequence: Buyers must not buy anything from members.\n    severity: high\n    source: test\n    asOf: 2026-01-01\n`,
    );
    expect(threw).toBe(true);
    expect(diagnostics.some((d) => d.line === 9 && d.code === 'E_CATALOG')).toBe(true);
  });

  it('rejects a membership that ends before it starts, located at `until`', () => {
    const { threw, diagnostics } = withExtra(
      `${HEADER}entities:\n  - id: e1\n    name: E1\n    country: CN\n    source: test\n    asOf: 2026-01-01\n    lists:\n      - list: dod-1260h\n        since: 2025-01-06\n        until: 2021-06-03\n        source: test\n        asOf: 2026-01-01\n`,
    );
    expect(threw).toBe(true);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'E_CATALOG',
        file: 'extra.yaml',
        line: 12,
        pointer: '/entities/0/lists/0/until',
      }),
    );
  });

  it('accepts several owners with and without shares, and rejects shares over 100 % or a repeated owner', () => {
    const ok = withExtra(
      `${HEADER}entities:\n  - id: e2\n    name: E2\n    country: DE\n    source: test\n    asOf: 2026-01-01\n    owners:\n      - entity: sberbank\n        percent: 30\n      - entity: sasac\n        percent: 25\n        kind: shares\n      - entity: xiaomi\n        control: true\n`,
    );
    expect(ok.threw).toBe(false);
    const over = withExtra(
      `${HEADER}entities:\n  - id: e3\n    name: E3\n    country: DE\n    source: test\n    asOf: 2026-01-01\n    owners:\n      - entity: sberbank\n        percent: 60\n      - entity: sasac\n        percent: 50\n`,
    );
    expect(over.threw).toBe(true);
    expect(over.diagnostics[0]).toMatchObject({ code: 'E_CATALOG', line: 10, pointer: '/entities/0/owners' });
    expect(over.diagnostics[0].message).toMatch(/110 %/);
    const twice = withExtra(
      `${HEADER}entities:\n  - id: e4\n    name: E4\n    country: DE\n    source: test\n    asOf: 2026-01-01\n    owners:\n      - entity: sberbank\n      - entity: sberbank\n`,
    );
    expect(twice.threw).toBe(true);
    expect(twice.diagnostics[0]).toMatchObject({ line: 11, pointer: '/entities/0/owners/1/entity' });
  });

  it('rejects a suspension that ends before it starts', () => {
    const { threw, diagnostics } = withExtra(
      `${HEADER}lists:\n  - id: my-list\n    name: Mine\n    authority: Me\n    citation: none\n    effect: nothing\n    category: export-control\n    buyerConsequence: Buyers need a licence to export items to members.\n    severity: low\n    source: test\n    asOf: 2026-01-01\n    ownershipRule:\n      percent: 50\n      aggregate: true\n      citation: x\n      source: test\n      asOf: 2026-01-01\n      suspended:\n        from: 2026-01-01\n        until: 2025-01-01\n        source: test\n`,
    );
    expect(threw).toBe(true);
    expect(diagnostics[0]).toMatchObject({ pointer: '/lists/0/ownershipRule/suspended/until', line: 22 });
  });

  it('warns, located, about a membership of a list the catalogue does not define', () => {
    const { threw, diagnostics } = withExtra(
      `${HEADER}entities:\n  - id: e5\n    name: E5\n    country: CN\n    source: test\n    asOf: 2026-01-01\n    lists:\n      - list: no-such-list\n        source: test\n        asOf: 2026-01-01\n`,
    );
    expect(threw).toBe(false);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'W_CATALOG_REF', severity: 'warning', file: 'extra.yaml', line: 10 }),
    );
  });

  it('the bundled catalogue builds without warnings about list references', () => {
    expect(bundled.diagnostics.filter((d) => /list/.test(d.message))).toEqual([]);
  });
});

describe('catalogue freshness', () => {
  it('records the newest asOf of any fact', () => {
    expect(catalog.newestAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const later = withExtra(`${HEADER}metadata:\n  asOf: 2099-01-01\n`);
    expect(later.threw).toBe(false);
    const built = buildCatalog([...bundledDocs, parseText(`${HEADER}metadata:\n  asOf: 2099-01-01\n`, 'x.yaml')]);
    expect(built.catalog.newestAsOf).toBe('2099-01-01');
  });

  it(`is stale when the newest fact is more than ${STALE_AFTER_DAYS} days before --as-of`, () => {
    expect(catalogFreshness('2026-01-01', '2026-06-30')).toEqual({
      newestAsOf: '2026-01-01',
      ageDays: 180,
      stale: false,
    });
    expect(catalogFreshness('2026-01-01', '2026-07-01')).toEqual({
      newestAsOf: '2026-01-01',
      ageDays: 181,
      stale: true,
    });
    expect(catalogFreshness(undefined, '2026-07-01')).toBeUndefined();
  });
});
