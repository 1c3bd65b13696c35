/**
 * Issue 13: the catalogue facts of each finding are found without searching its vendor's services for every finding.
 * One Terraform plan of many buckets is one vendor (the provider) with as many services; searching them per finding
 * cost findings × services (a plan of 50,000 buckets: 7.4 s of building the report). Counted, not timed: how often a
 * service of the list is read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/types.js';
import type { Finding } from '../../../src/engine/types.js';
import type { EnrichedInventory, EnrichedService } from '../../../src/enrich/types.js';
import { catalogFactsOf } from '../../../src/report/facts.js';
import { bundledWorld, enrichedText } from '../run-check.js';

const REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'us-west-1', 'eu-central-1'];

/** One vendor with `n` services on Alibaba Cloud, service i in REGIONS[i % 5], as JSON text. */
function inventoryText(n: number): string {
  const services = Array.from({ length: n }, (_, i) => ({
    id: `bucket-${i}`,
    provider: 'alibaba-cloud',
    regions: [REGIONS[i % REGIONS.length]],
  }));
  return JSON.stringify({
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: 'Org' },
    vendors: [{ id: 'alibaba', name: 'Alibaba Cloud', services }],
  });
}

/** A finding on service `id` of the vendor (what catalogFactsOf reads of a finding). */
const findingOn = (id: string): Finding =>
  ({ ruleId: 'adversary-hosted-data', vendor: { id: 'alibaba' }, service: { id }, regimes: [] }) as unknown as Finding;

/** What catalogFactsOf reads of the inventory, with the first vendor's services replaced. */
function withServices(enriched: EnrichedInventory, services: EnrichedService[]): EnrichedInventory {
  const { raw, facts, location } = enriched.vendors[0];
  return { asOf: enriched.asOf, vendors: [{ raw, facts, location, services }] } as EnrichedInventory;
}

/** The inventory with its vendor's service list counting the reads of its items. */
function counted(enriched: EnrichedInventory): { enriched: EnrichedInventory; reads: () => number } {
  let reads = 0;
  const vendor = enriched.vendors[0];
  const services = new Proxy(vendor.services, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  }) as EnrichedService[];
  return { enriched: withServices(enriched, services), reads: () => reads };
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await bundledWorld()).catalog;
});

describe('catalogFactsOf on a vendor of many services', () => {
  it('reads each service a bounded number of times, whatever the number of findings', async () => {
    const reads: number[] = [];
    for (const n of [500, 2000]) {
      const { enriched, reads: count } = counted(await enrichedText(inventoryText(n), 'plan.json'));
      // every service has a finding, and the last half twice (two rules), in reverse order
      const findings = [
        ...Array.from({ length: n }, (_, i) => findingOn(`bucket-${n - 1 - i}`)),
        ...Array.from({ length: n / 2 }, (_, i) => findingOn(`bucket-${n - 1 - i}`)),
      ];
      const { keys } = catalogFactsOf(findings, enriched, catalog);
      // each finding's keys are its own service's: its region, in the region it is in
      findings.forEach((f, i) => {
        const at = Number(f.service?.id.slice('bucket-'.length));
        expect(keys[i]).toContain(`region:alibaba-cloud/${REGIONS[at % REGIONS.length]}`);
      });
      reads.push(count());
      expect(count()).toBeLessThanOrEqual(4 * n);
    }
    // four times the services, four times the reads (a search per finding would be sixteen)
    expect(reads[1] / reads[0]).toBeLessThan(5);
  });

  it('takes the last service of an id and finds none for an id the vendor lacks, as a look-up by id does', async () => {
    for (const n of [3, 40]) {
      const enriched = await enrichedText(inventoryText(n), 'plan.json');
      const vendor = enriched.vendors[0];
      // a second service of the first one's id, in another region (an inventory may not; the report must still agree)
      const second = vendor.services[1];
      const facts = new Proxy(second.facts, { get: (t, k) => (k === 'id' ? 'bucket-0' : Reflect.get(t, k)) });
      const twin: EnrichedService = { raw: second.raw, facts, data: second.data, location: second.location };
      const withTwin = withServices(enriched, [...vendor.services, twin]);
      const { keys } = catalogFactsOf([findingOn('bucket-0'), findingOn('no-such-bucket')], withTwin, catalog);
      expect(keys[0]).toContain(`region:alibaba-cloud/${REGIONS[1]}`);
      expect(keys[0]).not.toContain(`region:alibaba-cloud/${REGIONS[0]}`);
      expect(keys[1]?.some((k) => k.startsWith('region:')) ?? false).toBe(false);
    }
  });
});
