/**
 * Build the ownership graph from the catalogue's entities and the inventory's vendors, owners and `entities:`.
 * Pure. Keys: `c:<catalogue id>`, `e:<inventory entity id>`, `v:<vendor id>`, and per-place keys for owners known
 * only by name (`v:<vendor>/owners/<i>`), so two vendors' free-text owners of the same name never merge.
 *
 * Legacy chains (`ownership: [...]`, v0.1) map to edges: the first link is the vendor's own legal entity (unless it
 * carries a `percent`: then it is an owner of the vendor holding that share), each next link owns the one before with
 * its `percent` (absent = unknown share). The last link, when it names a catalogue entity, continues through the
 * catalogue's owners. Inventory edges are `declared`: a share they do not record is unknown under every test,
 * including ICTS (no group-parent reading; a declared `controlling: true` states control).
 */
import { resolveEntityName, resolveProviderName } from '../catalog/build.js';
import type { Catalog, Entity } from '../catalog/types.js';
import type { CustomProvider, Inventory, InventoryEntity, Owner, PersonFacts, Vendor } from '../model/types.js';
import type { OwnerEdge, PersonNode } from './ownership.js';
import { EMPTY } from './shared.js';

/**
 * Where the inventory records a person or an ownership share: on a vendor or an `entities:` entry, at a field
 * (`owners/0`, `ownership/2`); `legacy` for a v0.1 chain link. Absent for catalogue entities and other derived persons.
 */
export interface Place {
  vendor?: string;
  entity?: string;
  field?: string;
  legacy?: boolean;
}

export interface PersonGraph {
  nodes: Map<string, PersonNode>;
  /** Where the inventory records a person (by graph key). */
  places: { get(key: string): Place | undefined };
  /** Where the inventory records the share `owner` holds in `person` (by `person\0owner`). */
  shares: Map<string, Place>;
  /** Graph key of a vendor. */
  vendorKey(vendor: Vendor): string;
  /** Graph key of the inventory's vendor at `index` (the graph's inventory; no lookup by id). */
  vendorKeyAt(index: number): string;
  /** Graph key of a catalogue entity. */
  entityKey(id: string): string;
  /** Graph key of a provider declared outside the catalogue. */
  customProviderKey(provider: CustomProvider, vendor: Vendor): string;
}

export function catalogueNode(entity: Entity): PersonNode {
  return {
    key: `c:${entity.id}`,
    name: entity.name,
    kind: entity.stateOwned ? 'government' : 'entity',
    organised: entity.country,
    principalPlaceOfBusiness: entity.principalPlaceOfBusiness,
    // an owner without a share holds an unknown share (never assumed 100 %); `control` is stated control
    owners: (entity.owners ?? []).map((o) => ({
      owner: `c:${o.entity}`,
      ...(o.percent !== undefined ? { percent: o.percent } : {}),
      ...(o.control ? { controlling: true } : {}),
    })),
  };
}

function facts(key: string, name: string, f: PersonFacts): PersonNode {
  // assigned one by one in the order the keys always had (no spread of a temporary object per fact: a vendor's node
  // is made for each of 100k vendors); from `{}`, which V8 gives room for four properties in the object itself (a
  // literal `{ key, name }` has room for two: a vendor's organised country and owners went to a separate array)
  const node = {} as PersonNode;
  node.key = key;
  node.name = name;
  if (f.kind) node.kind = f.kind;
  if (f.country) node.organised = f.country;
  if (f.principalPlaceOfBusiness) node.principalPlaceOfBusiness = f.principalPlaceOfBusiness;
  if (f.residence) node.residence = f.residence;
  if (f.citizenship) node.citizenship = f.citizenship;
  if (f.permanentResident) node.permanentResident = f.permanentResident;
  if (f.designated) node.designated = true;
  node.owners = [];
  return node;
}

/** Where an owner list is: on a vendor or on an `entities:` entry. */
type VendorOrEntity = { vendor: string; entity?: undefined } | { entity: string; vendor?: undefined };

/**
 * The place of one owner of the list at `at`: `{ vendor | entity, field }`. A literal, not `{ ...at, field }`: V8's
 * optimised spread gave every such object a hidden class of its own (~150 B each, 40k per 10k vendors of the
 * `owners` bench shape).
 */
function placeAt(at: VendorOrEntity, field: string): Place {
  return at.vendor !== undefined ? { vendor: at.vendor, field } : { entity: at.entity, field };
}

export function buildPersonGraph(inventory: Inventory, catalog: Catalog): PersonGraph {
  const nodes = new Map<string, PersonNode>();
  for (const entity of catalog.entities.values()) nodes.set(`c:${entity.id}`, catalogueNode(entity));
  const inventoryEntities = new Map<string, InventoryEntity>();
  for (const e of inventory.entities ?? []) inventoryEntities.set(e.id, e);
  /** Employers (202.211(a)(3)) and directors (ICTS / PADFA direction) named by id or name, resolved at the end. */
  const relationRefs: { node: PersonNode; refs: string[]; place: string; field: 'employers' | 'directedBy' }[] = [];
  const relations = (node: PersonNode, f: Pick<PersonFacts, 'employers' | 'directedBy'>, place: string): void => {
    if (f.employers?.length) relationRefs.push({ node, refs: f.employers, place, field: 'employers' });
    if (f.directedBy?.length) relationRefs.push({ node, refs: f.directedBy, place, field: 'directedBy' });
  };
  const places = new Map<string, Place>();
  const shares = new Map<string, Place>();
  const share = (person: string, owner: string, place: Place): void => {
    const key = `${person}\0${owner}`;
    if (!shares.has(key)) shares.set(key, place);
  };

  /** The key an owner reference names: an inventory entity, a catalogue entity, or a new node at `place`. */
  const resolve = (ref: string, inline: PersonFacts, place: string, at: Place): string => {
    if (inventoryEntities.has(ref)) return catalog.entities.has(ref) ? `c:${ref}` : `e:${ref}`;
    const catalogueId = resolveEntityName(catalog, ref);
    if (catalogueId) return `c:${catalogueId}`;
    const node = facts(place, ref, inline);
    nodes.set(place, node);
    places.set(place, at);
    relations(node, inline, place);
    return place;
  };
  const edges = (owners: readonly Owner[], place: string, at: VendorOrEntity): OwnerEdge[] =>
    owners.map((o, i) => {
      const where = placeAt(at, `owners/${i}`);
      const owner = resolve(o.entity, o, `${place}/owners/${i}`, where);
      share(place, owner, where);
      return {
        owner,
        ...(o.percent !== undefined ? { percent: o.percent } : {}),
        ...(o.controlling ? { controlling: true } : {}),
        declared: true,
      };
    });

  // an inventory entity whose id is a catalogue entity id completes the catalogue's facts (e.g. the share the
  // catalogue does not know): its facts override, its owners (when given) replace the catalogue's
  const keyOf = (e: InventoryEntity): string => (catalog.entities.has(e.id) ? `c:${e.id}` : `e:${e.id}`);
  for (const e of inventoryEntities.values()) {
    const key = keyOf(e);
    const base = nodes.get(key);
    const own = facts(key, e.name ?? base?.name ?? e.id, e);
    const node: PersonNode = base ? { ...base, ...own, owners: base.owners } : own;
    nodes.set(key, node);
    places.set(key, { entity: e.id });
    relations(node, e, key);
  }
  for (const e of inventoryEntities.values()) {
    const node = nodes.get(keyOf(e)) as PersonNode;
    if (e.owners) node.owners = edges(e.owners, node.key, { entity: e.id });
  }

  const vendorKeyList = inventory.vendors.map(addVendor);
  // vendors' keys by id, made when first asked for (a vendor named as an employer or director, a vendor's place):
  // enrichment reads them by index; the last vendor of an id wins, as when it was filled vendor by vendor
  let byId: Map<string, string> | undefined;
  const vendorKeys = {
    get(id: string): string | undefined {
      byId ??= new Map(inventory.vendors.map((v, i) => [v.id, vendorKeyList[i]]));
      return byId.get(id);
    },
  };

  function addVendor(vendor: Vendor): string {
    const chain = vendor.ownership ?? [];
    const owners = vendor.owners ?? [];
    if (chain.length === 0 && owners.length === 0) {
      // a vendor that is a catalogue entity gets the catalogue's facts and owners
      const selfId =
        resolveEntityName(catalog, vendor.name) ??
        (vendor.aliases ?? []).map((a) => resolveEntityName(catalog, a)).find(Boolean);
      if (selfId && !vendor.country && !vendor.kind && !vendor.directedBy?.length) return `c:${selfId}`;
    }
    const key = `v:${vendor.id}`;
    // the first link is the vendor's own legal entity, unless it carries a share: then it is the vendor's owner
    const ownEntity = chain.length > 0 && chain[0].percent === undefined;
    const first = ownEntity ? chain[0] : undefined;
    const firstId = first ? (first.ref ?? resolveEntityName(catalog, first.entity)) : undefined;
    const firstEntity = firstId ? catalog.entities.get(firstId) : undefined;
    const node = facts(key, vendor.name, {
      kind: vendor.kind,
      country: vendor.country ?? first?.country ?? firstEntity?.country,
      principalPlaceOfBusiness: vendor.principalPlaceOfBusiness ?? (firstEntity?.principalPlaceOfBusiness || undefined),
      residence: vendor.residence,
      citizenship: vendor.citizenship,
      permanentResident: vendor.permanentResident,
      designated: vendor.designated,
    });
    // its place ({ vendor }) is not stored: `places.get` answers it from the vendor keys (one object fewer per vendor)
    nodes.set(key, node);
    if (vendor.directedBy?.length) relations(node, { directedBy: vendor.directedBy }, key);
    if (owners.length > 0) node.owners = edges(owners, key, { vendor: vendor.id });
    // the vendor's legal entity is a catalogue entity and no owner is declared: its owners are the catalogue's
    if (chain.length === 1 && firstEntity) node.owners.push(...catalogueNode(firstEntity).owners);
    let below = node;
    for (let i = ownEntity ? 1 : 0; i < chain.length; i++) {
      const link = chain[i];
      const ref = link.ref ?? resolveEntityName(catalog, link.entity);
      const entity = ref ? catalog.entities.get(ref) : undefined;
      let ownerKey: string;
      // one (read-only) place for the link's person and its share
      const at: Place = { vendor: vendor.id, field: `ownership/${i}`, legacy: true };
      if (entity && i === chain.length - 1 && (!link.country || link.country === entity.country)) {
        ownerKey = `c:${entity.id}`;
      } else {
        ownerKey = `${key}/ownership/${i}`;
        const owner = facts(ownerKey, link.entity, {
          country: link.country ?? entity?.country,
          principalPlaceOfBusiness: entity?.principalPlaceOfBusiness,
        });
        nodes.set(ownerKey, owner);
        places.set(ownerKey, at);
      }
      share(below.key, ownerKey, at);
      below.owners.push({
        owner: ownerKey,
        ...(link.percent !== undefined ? { percent: link.percent } : {}),
        declared: true,
      });
      const next = nodes.get(ownerKey);
      if (!next || ownerKey.startsWith('c:')) break;
      below = next;
    }
    return key;
  }

  // employers and directors named by id or name: resolved once every node exists
  for (const { node, refs, place, field } of relationRefs) {
    node[field] = refs.map((r, i) => {
      if (inventoryEntities.has(r)) return catalog.entities.has(r) ? `c:${r}` : `e:${r}`;
      const id = resolveEntityName(catalog, r);
      if (id) return `c:${id}`;
      const vendor = inventory.vendors.find((v) => v.id === r || v.name === r);
      if (vendor) return vendorKeys.get(vendor.id) ?? `v:${vendor.id}`;
      const k = `${place}/${field}/${i}`;
      nodes.set(k, { key: k, name: r, owners: [] });
      return k;
    });
  }

  const customKey = (provider: CustomProvider, vendor: Vendor): string => `p:${vendor.id}:${provider.name}`;
  for (const vendor of inventory.vendors) {
    for (const [si, service] of (vendor.services ?? []).entries()) {
      const provider = service.provider;
      if (typeof provider === 'string' || resolveProviderName(catalog, provider.name)) continue;
      const k = customKey(provider, vendor);
      if (nodes.has(k)) continue;
      const node = facts(k, provider.name, { country: provider.country });
      nodes.set(k, node);
      places.set(k, { vendor: vendor.id, field: `services/${si}/provider` });
      if (!provider.parent) continue;
      const parent = provider.parent;
      const declared = vendor.ownership?.find((l) => l.entity === parent && l.country);
      const catalogueId = resolveEntityName(catalog, parent);
      let ownerKey = catalogueId ? `c:${catalogueId}` : inventoryEntities.has(parent) ? `e:${parent}` : undefined;
      if (!ownerKey) {
        ownerKey = `${k}/parent`;
        nodes.set(ownerKey, facts(ownerKey, parent, { country: declared?.country }));
      }
      // a declared parent controls; its share is not recorded
      node.owners.push({ owner: ownerKey, controlling: true });
    }
  }

  // the graph is complete and read-only from here: most persons have no owner and share the frozen empty list; the
  // others get an exact-size list (one grown by push keeps room for 16 owners)
  for (const node of nodes.values()) node.owners = node.owners.length === 0 ? EMPTY : node.owners.slice();

  return {
    nodes,
    places: {
      get: (key) =>
        places.get(key) ??
        (key.startsWith('v:') && vendorKeys.get(key.slice(2)) === key ? { vendor: key.slice(2) } : undefined),
    },
    shares,
    vendorKey: (vendor) => vendorKeys.get(vendor.id) ?? `v:${vendor.id}`,
    vendorKeyAt: (index) => vendorKeyList[index],
    entityKey: (id) => `c:${id}`,
    customProviderKey: customKey,
  };
}
