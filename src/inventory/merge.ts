/**
 * Combining imports (pure): several fragments into one inventory, and a fresh import into the
 * inventory a person already edited (`residency import --out` run again).
 */

import { DEFAULT_ORGANISATION, type Inventory, type Service, type Vendor } from '../model/types.js';
import { uniqueId } from '../util/ids.js';
import type { InventoryFragment } from './validate.js';

/**
 * Merge fragments: vendors with the same id are joined; a service id already used by that vendor
 * gets the input's name as a prefix (`other-root:alicloud_oss_bucket.logs`).
 */
export function combineFragments(fragments: readonly InventoryFragment[], organisation?: string): Inventory {
  const vendors = new Map<string, Vendor>();
  // the service ids of each vendor seen in more than one fragment, kept as services are added (not rebuilt per
  // fragment: a provider every Terraform root uses would cost roots × services)
  const serviceIds = new Map<string, Set<string>>();
  for (const fragment of fragments) {
    for (const vendor of fragment.inventory.vendors) {
      const existing = vendors.get(vendor.id);
      if (!existing) {
        vendors.set(vendor.id, { ...vendor, services: [...(vendor.services ?? [])] });
        continue;
      }
      let ids = serviceIds.get(vendor.id);
      if (!ids) {
        ids = new Set((existing.services ?? []).map((s) => s.id));
        serviceIds.set(vendor.id, ids);
      }
      const base = fragment.file.split(/[\\/]/).filter(Boolean).pop() ?? 'input';
      for (const service of vendor.services ?? []) {
        let id = service.id;
        if (ids.has(id))
          id = `${base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'input'}:${id}`;
        // taken too: the first free of id-2, id-3 … (`service.id` itself is taken)
        if (ids.has(id)) id = uniqueId(service.id, ids);
        ids.add(id);
        // existing.services is this function's own copy (made when the vendor was first seen)
        (existing.services as Service[]).push({ ...service, id });
      }
    }
  }
  return {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: organisation ?? fragments[0]?.inventory.organisation.name ?? DEFAULT_ORGANISATION },
    vendors: [...vendors.values()],
  };
}

export interface ImportChanges {
  added: string[];
  removed: string[];
  updated: string[];
  /** Imported entries this import no longer finds, kept because --prune was not given. */
  missing: string[];
}

export interface MergeOptions {
  /** Organisation name (`--organisation`); the previous inventory's otherwise. */
  organisation?: string;
  /**
   * Whether an entry imported from this source file was produced by the current import (its inputs
   * hold that file). Entries from other sources are never touched. Default: every source.
   */
  covers?: (sourceFile: string) => boolean;
  /** Remove entries of the re-imported sources that the import no longer finds (default: keep and report). */
  prune?: boolean;
}

/** Fields an import owns; everything else in an existing entry is the person's and is kept. */
const IMPORTED_SERVICE_FIELDS = [
  'provider',
  'regions',
  'countries',
  'resourceType',
  'storesData',
  'source',
  'inferred',
  'unknowns',
] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Re-import: keep what the person added (data categories, criticality, contracts, owners …),
 * refresh what the import owns (source locations, provider, regions) and add new services. Only
 * entries that this import's sources produced can go: one it no longer finds is kept and reported
 * as missing, and removed only with `prune`. Entries from other sources (another import) and entries
 * without a `source` (written by a person) are never removed. Returns the merged inventory and what
 * changed.
 */
export function mergeWithPrevious(
  previous: Inventory,
  fresh: Inventory,
  options: MergeOptions = {},
): { inventory: Inventory; changes: ImportChanges } {
  const covers = options.covers ?? (() => true);
  const prune = options.prune === true;
  const changes: ImportChanges = { added: [], removed: [], updated: [], missing: [] };
  const ours = (entry: { source?: { file: string } }): boolean =>
    entry.source !== undefined && covers(entry.source.file);
  /** An entry of a re-imported source that the import no longer finds: removed with --prune, kept otherwise. */
  const gone = (label: string): boolean => {
    (prune ? changes.removed : changes.missing).push(label);
    return prune;
  };
  const freshVendors = new Map(fresh.vendors.map((v) => [v.id, v]));
  const out: Vendor[] = [];
  const seen = new Set<string>();
  for (const old of previous.vendors) {
    const next = freshVendors.get(old.id);
    seen.add(old.id);
    const oldServices = old.services ?? [];
    const nextServices = new Map((next?.services ?? []).map((s) => [s.id, s]));
    const services: Service[] = [];
    let removedServices = 0;
    for (const s of oldServices) {
      const n = nextServices.get(s.id);
      if (!n) {
        if (ours(s) && gone(`${old.id}/${s.id}`)) removedServices++;
        else services.push(s);
        continue;
      }
      nextServices.delete(s.id);
      const merged: Record<string, unknown> = { ...s };
      const changed: string[] = [];
      for (const field of IMPORTED_SERVICE_FIELDS) {
        const value = (n as unknown as Record<string, unknown>)[field];
        if (
          !same((s as unknown as Record<string, unknown>)[field], value) &&
          field !== 'source' &&
          field !== 'inferred'
        )
          changed.push(field);
        if (value === undefined) delete merged[field];
        else merged[field] = value;
      }
      // data: the person's categories win over the import's defaults
      if (s.data === undefined && n.data !== undefined) merged.data = n.data;
      if (s.name === undefined && n.name !== undefined) merged.name = n.name;
      if (changed.length > 0) changes.updated.push(`${old.id}/${s.id} (${changed.join(', ')})`);
      services.push(merged as unknown as Service);
    }
    for (const n of nextServices.values()) {
      services.push(n);
      changes.added.push(`${old.id}/${n.id}`);
    }
    if (!next) {
      // the vendor itself goes only when this import made it and nothing of it is left
      const emptied = services.length === 0 && (removedServices > 0 || oldServices.length === 0);
      if (ours(old) && emptied && gone(old.id)) continue;
      out.push({ ...old, services });
      continue;
    }
    out.push({ ...old, name: old.name ?? next.name, ...(next.source ? { source: next.source } : {}), services });
  }
  for (const v of fresh.vendors) {
    if (seen.has(v.id)) continue;
    out.push(v);
    changes.added.push(v.id);
  }
  return {
    inventory: {
      ...previous,
      organisation: options.organisation
        ? { ...previous.organisation, name: options.organisation }
        : previous.organisation,
      vendors: out,
    },
    changes,
  };
}

/**
 * Fragments ready for `loadInventory`: a vendor that several imports produce (two Terraform roots
 * using Alibaba Cloud) is kept once, in the first fragment, with the services of all of them; each
 * fragment keeps its own file and digest for the report's `inputs`.
 */
export function disjointFragments<T extends InventoryFragment>(fragments: readonly T[]): T[] {
  const all = combineFragments(fragments);
  const owner = new Map<string, number>();
  fragments.forEach((f, i) => {
    for (const v of f.inventory.vendors) if (!owner.has(v.id)) owner.set(v.id, i);
  });
  const owned: Vendor[][] = fragments.map(() => []);
  for (const v of all.vendors) owned[owner.get(v.id) as number].push(v);
  return fragments.map((f, i) => ({ ...f, inventory: { ...f.inventory, vendors: owned[i] } }));
}
