import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { currentMemberships } from '../../../src/catalog/lists.js';
import type { CatalogFile, Entity, Provider, Region } from '../../../src/catalog/types.js';
import { ROOT, yamlFiles } from '../../helpers.js';

const root = ROOT;
const catalogDir = join(root, 'rules', 'catalog');

const files = yamlFiles(catalogDir).map((path) => ({
  path: relative(root, path),
  doc: parse(readFileSync(path, 'utf8')) as CatalogFile,
}));

const schema = JSON.parse(readFileSync(join(root, 'schemas', 'catalog.schema.json'), 'utf8'));
// ajv ships CJS default exports; under ESM interop the constructor may sit on `.default`.
const AjvCtor = ((Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ??
  Ajv2020) as unknown as typeof Ajv2020.default;
const applyFormats = ((addFormats as unknown as { default?: typeof addFormats }).default ??
  addFormats) as unknown as typeof addFormats.default;
const ajv = new AjvCtor({ strict: false, allErrors: true });
applyFormats(ajv);
const validate = ajv.compile(schema);

const all = <K extends keyof CatalogFile>(key: K) =>
  files.flatMap(({ doc }) => {
    const value = doc[key];
    return Array.isArray(value) ? (value as NonNullable<CatalogFile[K]> & unknown[]) : [];
  });

const regimes = all('regimes') as NonNullable<CatalogFile['regimes']>;
const thresholds = all('bulkThresholds') as NonNullable<CatalogFile['bulkThresholds']>;
const lists = all('lists') as NonNullable<CatalogFile['lists']>;
const entities = all('entities') as Entity[];
const providers = all('providers') as Provider[];
const countries = all('countries') as NonNullable<CatalogFile['countries']>;
const dataStores = all('dataStores') as NonNullable<CatalogFile['dataStores']>;
const coveredPersons = files.flatMap(({ doc }) => (doc.coveredPerson ? [doc.coveredPerson] : []));

const entityById = new Map(entities.map((e) => [e.id, e]));
const providerById = new Map(providers.map((p) => [p.id, p]));
const listIds = new Set(lists.map((l) => l.id));
const countryCodes = new Set(countries.map((c) => c.code));

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((v) => seen.has(v) || !seen.add(v)))];
}

function region(providerId: string, regionId: string): Region {
  const found = providerById.get(providerId)?.regions.find((r) => r.id === regionId);
  if (!found) throw new Error(`no region ${providerId}/${regionId}`);
  return found;
}

/** Follows the first (largest / controlling) owner to the top; throws on a cycle or a dangling owner. */
function ultimateParent(id: string): Entity {
  const path: string[] = [];
  let current = entityById.get(id);
  while (current) {
    if (path.includes(current.id)) throw new Error(`ownership cycle: ${[...path, current.id].join(' → ')}`);
    path.push(current.id);
    const next = current.owners?.[0]?.entity;
    if (!next) return current;
    current = entityById.get(next);
  }
  throw new Error(`ownership chain of ${id} ends at unknown entity after ${path.join(' → ')}`);
}

describe('catalogue files', () => {
  it('finds the expected files', () => {
    const paths = files.map((f) => f.path);
    for (const name of ['regimes', 'entities', 'countries', 'datastores']) {
      expect(paths).toContain(join('rules', 'catalog', `${name}.yaml`));
    }
    expect(providers.length).toBeGreaterThanOrEqual(28);
  });

  it.each(files.map((f) => [f.path, f.doc] as const))('%s matches the schema', (_path, doc) => {
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has catalogue metadata on every file', () => {
    for (const { path, doc } of files) {
      // a file's version is the date it was last checked
      expect(doc.metadata?.asOf, path).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(doc.metadata?.version, path).toBe(doc.metadata?.asOf?.replaceAll('-', '.'));
      expect(doc.metadata?.name, path).toBeTruthy();
    }
  });

  it('has exactly one provider per provider file', () => {
    for (const { path, doc } of files.filter((f) => f.path.includes(join('catalog', 'providers')))) {
      expect(doc.providers?.length, path).toBe(1);
      expect(path.endsWith(`${doc.providers?.[0]?.id}.yaml`), path).toBe(true);
    }
  });
});

describe('catalogue integrity', () => {
  it('has unique ids per kind', () => {
    expect(duplicates(regimes.map((r) => r.id))).toEqual([]);
    expect(duplicates(lists.map((l) => l.id))).toEqual([]);
    expect(duplicates(entities.map((e) => e.id))).toEqual([]);
    expect(duplicates(providers.map((p) => p.id))).toEqual([]);
    expect(duplicates(countries.map((c) => c.code))).toEqual([]);
    expect(duplicates(thresholds.map((t) => t.category))).toEqual([]);
    expect(duplicates(dataStores.map((d) => d.pattern))).toEqual([]);
    expect(coveredPersons).toHaveLength(1);
  });

  it('cites every provider, entity, regime, list, threshold and list membership', () => {
    const cited = [...providers, ...entities, ...regimes, ...lists, ...thresholds, ...coveredPersons];
    for (const item of cited) {
      expect(item.source?.length ?? 0, JSON.stringify(item).slice(0, 80)).toBeGreaterThan(2);
      expect(item.asOf, JSON.stringify(item).slice(0, 80)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const entity of entities) {
      for (const membership of entity.lists ?? []) {
        expect(membership.source, `${entity.id}/${membership.list}`).toBeTruthy();
        expect(membership.asOf, `${entity.id}/${membership.list}`).toBeTruthy();
      }
    }
    for (const provider of providers) {
      expect(provider.regionsSource.length, provider.id).toBeGreaterThan(2);
      expect(provider.regionsAsOf, provider.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(provider.regions.length, provider.id).toBeGreaterThan(0);
    }
  });

  it('resolves every provider entity and region operator', () => {
    for (const provider of providers) {
      expect(entityById.has(provider.entity), `${provider.id} → ${provider.entity}`).toBe(true);
      for (const r of provider.regions) {
        if (r.operator) expect(entityById.has(r.operator), `${provider.id}/${r.id} → ${r.operator}`).toBe(true);
      }
      for (const [env, info] of Object.entries(provider.terraform?.environments ?? {})) {
        if (info.operator) expect(entityById.has(info.operator), `${provider.id} env ${env}`).toBe(true);
        if (info.country) expect(countryCodes.has(info.country), `${provider.id} env ${env}`).toBe(true);
        for (const id of info.regions ?? []) region(provider.id, id);
      }
    }
  });

  it('has owner chains that resolve, have no cycles and end', () => {
    for (const entity of entities) {
      for (const owner of entity.owners ?? []) {
        expect(entityById.has(owner.entity), `${entity.id} owner ${owner.entity}`).toBe(true);
      }
      const percents = (entity.owners ?? []).map((o) => o.percent).filter((p): p is number => p !== undefined);
      expect(
        percents.reduce((a, b) => a + b, 0),
        `${entity.id} owner shares`,
      ).toBeLessThanOrEqual(100);
      // Every owner edge (not only the first) must be acyclic.
      const visit = (id: string, trail: string[]) => {
        expect(trail.includes(id), `cycle ${[...trail, id].join(' → ')}`).toBe(false);
        for (const owner of entityById.get(id)?.owners ?? []) visit(owner.entity, [...trail, id]);
      };
      visit(entity.id, []);
      expect(ultimateParent(entity.id).owners ?? []).toEqual([]);
    }
  });

  it('references only known lists', () => {
    for (const entity of entities) {
      for (const membership of entity.lists ?? []) {
        expect(listIds.has(membership.list), `${entity.id} → ${membership.list}`).toBe(true);
      }
    }
  });

  it('uses only known country codes', () => {
    expect(countries).toHaveLength(249);
    for (const regime of regimes) {
      expect(countryCodes.has(regime.jurisdiction), regime.id).toBe(true);
      for (const member of regime.members) {
        expect(countryCodes.has(member.country), `${regime.id}/${member.country}`).toBe(true);
        for (const code of member.includes ?? []) expect(countryCodes.has(code), `${regime.id}/${code}`).toBe(true);
      }
    }
    for (const entity of entities) {
      expect(countryCodes.has(entity.country), entity.id).toBe(true);
      if (entity.principalPlaceOfBusiness)
        expect(countryCodes.has(entity.principalPlaceOfBusiness), entity.id).toBe(true);
    }
    for (const provider of providers) {
      for (const r of provider.regions) expect(countryCodes.has(r.country), `${provider.id}/${r.id}`).toBe(true);
    }
  });

  it('has unique country names', () => {
    const names = countries.flatMap((c) => [c.name, ...(c.names ?? [])].map((n) => n.toLowerCase()));
    expect(duplicates(names)).toEqual([]);
  });

  it('has unique region ids and zone ids within each provider', () => {
    for (const provider of providers) {
      expect(duplicates(provider.regions.map((r) => r.id)), provider.id).toEqual([]);
      const zones = provider.regions.flatMap((r) => r.zones ?? []);
      expect(duplicates(zones), provider.id).toEqual([]);
      const regionIds = new Set(provider.regions.map((r) => r.id));
      for (const zone of zones) expect(regionIds.has(zone), `${provider.id} zone ${zone} is also a region`).toBe(false);
    }
  });

  it('has provider aliases and domains unique across providers (case-insensitive)', () => {
    const aliases = providers.flatMap((p) => [...new Set([p.name, ...(p.aliases ?? [])].map((a) => a.toLowerCase()))]);
    expect(duplicates(aliases)).toEqual([]);
    const domains = providers.flatMap((p) => (p.domains ?? []).map((d) => d.toLowerCase()));
    expect(duplicates(domains)).toEqual([]);
  });

  it('has entity aliases that point at one entity each (case-insensitive)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entity of entities) {
      for (const alias of new Set([entity.name, ...(entity.aliases ?? [])].map((a) => a.toLowerCase()))) {
        const other = owner.get(alias);
        if (other && other !== entity.id) clashes.push(`${alias}: ${other} / ${entity.id}`);
        owner.set(alias, entity.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has the required providers', () => {
    const required = [
      'aws',
      'azure',
      'gcp',
      'oracle-cloud',
      'alibaba-cloud',
      'tencent-cloud',
      'huawei-cloud',
      'baidu-cloud',
      'kingsoft-cloud',
      'ucloud',
      'jd-cloud',
      'volcano-engine',
      'byteplus',
      'china-telecom-cloud',
      'china-unicom-cloud',
      'china-mobile-cloud',
      'yandex-cloud',
      'vk-cloud',
      'selectel',
      'cloud-ru',
      'arvancloud',
      'nebius',
      'cloudflare',
      'akamai',
      'fastly',
      'digitalocean',
      'ovhcloud',
      'hetzner',
    ];
    for (const id of required) expect(providerById.has(id), id).toBe(true);
  });

  it('has the DSP bulk thresholds with the inventory category names', () => {
    const byCategory = Object.fromEntries(thresholds.map((t) => [t.category, t]));
    expect(Object.keys(byCategory).sort()).toEqual(
      ['biometric', 'financial', 'genomic', 'health', 'omic', 'personal', 'precise-geolocation'].sort(),
    );
    expect(byCategory.genomic.threshold).toBe(100);
    expect(byCategory.omic.threshold).toBe(1000);
    expect(byCategory.biometric.threshold).toBe(1000);
    expect(byCategory['precise-geolocation']).toMatchObject({ threshold: 1000, unit: 'devices' });
    expect(byCategory.health.threshold).toBe(10000);
    expect(byCategory.financial.threshold).toBe(10000);
    expect(byCategory.personal.threshold).toBe(100000);
    expect(new Set(thresholds.map((t) => t.comparison)).size).toBe(1);
    expect(coveredPersons[0]).toMatchObject({ ownershipPercent: 50, regime: 'us-dsp' });
    expect(regimes.map((r) => r.id)).toContain(coveredPersons[0].regime);
  });
});

describe('spot facts', () => {
  it('maps regions to the right country and operator', () => {
    expect(region('aws', 'cn-north-1')).toMatchObject({
      country: 'CN',
      operator: 'beijing-sinnet',
      partition: 'aws-cn',
    });
    expect(region('aws', 'cn-northwest-1')).toMatchObject({ country: 'CN', operator: 'nwcd', partition: 'aws-cn' });
    expect(region('aws', 'us-gov-west-1')).toMatchObject({ country: 'US', partition: 'aws-us-gov' });
    expect(region('aws', 'ap-east-1').country).toBe('HK');
    expect(region('azure', 'chinaeast2')).toMatchObject({ country: 'CN', operator: 'shanghai-blue-cloud' });
    expect(region('azure', 'eastasia').country).toBe('HK');
    expect(region('gcp', 'asia-east2').country).toBe('HK');
    expect(region('alibaba-cloud', 'us-east-1').country).toBe('US');
    expect(region('alibaba-cloud', 'eu-west-1').country).toBe('GB');
    expect(region('alibaba-cloud', 'cn-hongkong').country).toBe('HK');
    expect(region('huawei-cloud', 'ap-southeast-1').country).toBe('HK');
    expect(region('tencent-cloud', 'ap-guangzhou').country).toBe('CN');
    expect(region('baidu-cloud', 'hkg').country).toBe('HK');
    expect(region('oracle-cloud', 'us-ashburn-1').country).toBe('US');
  });

  it('knows Yandex zones belong to ru-central1', () => {
    expect(region('yandex-cloud', 'ru-central1').zones).toContain('ru-central1-a');
    expect(region('yandex-cloud', 'ru-central1').country).toBe('RU');
  });

  it('selects Azure China through the azurerm environment', () => {
    expect(providerById.get('azure')?.terraform?.environments?.china).toMatchObject({
      operator: 'shanghai-blue-cloud',
      country: 'CN',
    });
  });

  it('resolves the Alibaba Cloud chain to a parent based in China', () => {
    const top = ultimateParent(providerById.get('alibaba-cloud')!.entity);
    expect(top.id).toBe('alibaba-group-holding');
    expect([top.country, top.principalPlaceOfBusiness]).toContain('CN');
    for (const id of ['alibaba-cloud-us', 'alibaba-cloud-singapore', 'alibaba-netherlands']) {
      expect(ultimateParent(id).id).toBe('alibaba-group-holding');
    }
    expect(ultimateParent('shanghai-blue-cloud').country).toBe('CN');
    expect(ultimateParent('china-telecom-americas')).toMatchObject({ id: 'sasac', stateOwned: true });
    expect(ultimateParent('cloud-ru')).toMatchObject({ id: 'sberbank', country: 'RU' });
  });

  it('keeps the regimes distinct', () => {
    const members = (id: string) =>
      regimes
        .find((r) => r.id === id)!
        .members.map((m) => m.country)
        .sort();
    expect(members('us-icts')).toEqual(['CN', 'CU', 'IR', 'KP', 'RU', 'VE']);
    expect(members('us-dsp')).toEqual(['CN', 'CU', 'IR', 'KP', 'RU', 'VE']);
    expect(members('us-padfa')).toEqual(['CN', 'IR', 'KP', 'RU']);
    const icts = regimes.find((r) => r.id === 'us-icts')!;
    expect(icts.members.find((m) => m.country === 'CN')?.includes).toEqual(['HK', 'MO']);
    expect(icts.members.find((m) => m.country === 'VE')?.label).toBe(
      'Venezuelan politician Nicolás Maduro (Maduro Regime)',
    );
    expect(icts.interpretation).toMatch(/Macau/);
  });

  it('records list memberships from the reference', () => {
    const listsOf = (id: string) => (entityById.get(id)?.lists ?? []).map((l) => l.list).sort();
    expect(listsOf('huawei-technologies')).toEqual([
      'dod-1260h',
      'entity-list',
      'fcc-covered-list',
      'ndaa-889',
      'ns-cmic',
    ]);
    expect(listsOf('huawei-cloud-computing')).toEqual(['entity-list']);
    expect(listsOf('tencent-holdings')).toEqual(['dod-1260h']);
    expect(listsOf('navyan-abr-arvan')).toEqual(['ofac-sdn']);
    expect(listsOf('china-telecom-americas')).toEqual(['fcc-covered-list']);
    expect(listsOf('sberbank')).toEqual(['ofac-sdn']);
  });

  it('dates §1260H memberships by edition: the withdrawn 13 Feb 2026 update adds no one, the 8 Jun 2026 list does', () => {
    const on1260h = (id: string, asOf: string) =>
      currentMemberships(entityById.get(id)!, asOf).some((m) => m.list === 'dod-1260h');
    for (const id of ['alibaba-group-holding', 'baidu-inc', 'tianyi-cloud']) {
      expect([id, on1260h(id, '2026-02-13'), on1260h(id, '2026-06-07'), on1260h(id, '2026-06-08')]).toEqual([
        id,
        false,
        false,
        true,
      ]);
    }
    // Huawei and the China Telecom group are on every edition from the first (3 Jun 2021); the Jan 2025 removal of
    // the "China Telecommunications Corporation" entry did not take the group off the list.
    for (const id of ['huawei-technologies', 'china-telecom']) {
      expect([id, on1260h(id, '2021-06-02'), on1260h(id, '2021-06-03'), on1260h(id, '2025-01-07')]).toEqual([
        id,
        false,
        true,
        true,
      ]);
    }
    expect(on1260h('tencent-holdings', '2025-01-05')).toBe(false);
    expect(on1260h('tencent-holdings', '2026-12-02')).toBe(true);
  });
});
