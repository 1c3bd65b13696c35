import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECK_HEAP_PER_JSON_BYTE,
  checkCapacity,
  checkInventoryHeap,
  countInventory,
  createHeapGuard,
  estimateCheckHeap,
  HEAP_GROWTH_AFTER,
  HEAP_PER_ITEM,
  HEAP_PER_TEXT_BYTE,
  HEAP_PER_VENDOR,
} from '../../../src/adapters/perf.js';
import { ResidencyError } from '../../../src/model/errors.js';
import { ROOT } from '../../helpers.js';

const MiB = 1024 * 1024;

/** An inventory of `vendors` vendors, each with `services` services of `sets` data sets. */
function inventory(vendors: number, services: number, sets: number): unknown {
  return {
    organisation: { name: 'Org' },
    vendors: Array.from({ length: vendors }, (_, v) => ({
      id: `v${v}`,
      services: Array.from({ length: services }, (_, s) => ({
        id: `s${s}`,
        data: Array.from({ length: sets }, () => ({ category: 'contact' })),
      })),
    })),
  };
}

const refusal = (error: unknown): ResidencyError => {
  expect(error).toBeInstanceOf(ResidencyError);
  const e = error as ResidencyError;
  expect(e.code).toBe('E_TOO_LARGE');
  expect(e.diagnostics[0].hint).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+ residency check …/);
  return e;
};

describe('the heap estimate from the inventory counts', () => {
  it('counts vendors, services and data sets, and nothing in what is not shaped like an inventory', () => {
    expect(countInventory(inventory(7, 3, 2))).toEqual({ vendors: 7, services: 21, dataSets: 42 });
    expect(countInventory({ vendors: [null, 1, { services: 'x' }, { services: [null, { data: {} }] }] })).toEqual({
      vendors: 4,
      services: 2,
      dataSets: 0,
    });
    for (const data of [null, 1, 'x', [], {}, { vendors: {} }]) {
      expect(countInventory(data)).toEqual({ vendors: 0, services: 0, dataSets: 0 });
    }
    // counts add up across inputs
    const total = countInventory(inventory(2, 1, 1));
    countInventory(inventory(3, 2, 0), total);
    expect(total).toEqual({ vendors: 5, services: 8, dataSets: 2 });
  });

  it('charges each vendor, each service or data set and each byte of text, per format', () => {
    const counts = { vendors: 10, services: 20, dataSets: 30 };
    expect(estimateCheckHeap([{ counts, bytes: 0, format: 'json' }])).toBe(10 * HEAP_PER_VENDOR + 50 * HEAP_PER_ITEM);
    expect(estimateCheckHeap([{ counts, bytes: 1000, format: 'yaml' }])).toBe(
      10 * HEAP_PER_VENDOR + 50 * HEAP_PER_ITEM + 1000 * HEAP_PER_TEXT_BYTE.yaml,
    );
    // doubling the inventory doubles the estimate: it is linear in what the check works on
    const one = estimateCheckHeap([{ counts, bytes: 500, format: 'json' }]);
    expect(
      estimateCheckHeap([{ counts: { vendors: 20, services: 40, dataSets: 60 }, bytes: 1000, format: 'json' }]),
    ).toBe(2 * one);
    // 100k vendors of the bench's shape (2.5 services and 2.25 data sets each, 75.6 MiB minified) were measured to
    // hold at most 626 MiB of heap (pass 14): the estimate keeps a margin over that. Four times as many ran in Node's
    // default 4 GiB heap (2.1 GiB at most) and are admitted; ten times as many (4.5 GiB) are not
    const bench = { vendors: 100_000, services: 251_000, dataSets: 225_000 };
    const needed = estimateCheckHeap([{ counts: bench, bytes: 75.6 * MiB, format: 'json' }]);
    expect(needed).toBeGreaterThan(1.2 * 626 * MiB);
    const times = (n: number) => ({ vendors: n * 100_000, services: n * 251_000, dataSets: n * 225_000 });
    expect(estimateCheckHeap([{ counts: times(4), bytes: 4 * 75.6 * MiB, format: 'json' }])).toBeLessThan(4096 * MiB);
    expect(estimateCheckHeap([{ counts: times(10), bytes: 756 * MiB, format: 'json' }])).toBeGreaterThan(4096 * MiB);
  });

  it('refuses, after reading, inventories whose counts would not fit, naming them, whatever their layout', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-heap-'));
    const data = inventory(1000, 2, 2);
    const minified = path.join(dir, 'min.json');
    const pretty = path.join(dir, 'pretty.json');
    writeFileSync(minified, JSON.stringify(data));
    writeFileSync(pretty, JSON.stringify(data, null, 2));
    const doc = (file: string) => ({ file, format: 'json' as const, data });
    const needed = 1000 * HEAP_PER_VENDOR + 6000 * HEAP_PER_ITEM;
    // room for the counts and the text: admitted, and the counts are returned
    expect(await checkInventoryHeap([doc(minified)], [], { heapLimit: needed * 2 })).toEqual({
      vendors: 1000,
      services: 2000,
      dataSets: 4000,
    });
    // no room for the counts alone: refused whatever the layout, naming what was counted
    for (const file of [minified, pretty]) {
      const error = await checkInventoryHeap([doc(file)], [], { heapLimit: needed - 1 }).catch((e: unknown) => e);
      const e = refusal(error);
      expect(e.diagnostics[0].file).toBe(file);
      expect(e.diagnostics[0].message).toMatch(/^1,000 vendors, 2,000 services and 4,000 data sets need about/);
    }
    // imported fragments count too
    const fragment = { inventory: inventory(1000, 2, 2) };
    await expect(
      checkInventoryHeap([doc(minified)], [fragment], { heapLimit: needed * 1.5 }).catch(refusal),
    ).resolves.toBeInstanceOf(ResidencyError);
  });
});

describe('the heap guard at the end of a stage', () => {
  it('refuses when the heap in use plus what may still come exceeds the limit', () => {
    const base = 600 * MiB; // the input as read and validated: it does not grow
    const used = 1000 * MiB; // 400 MiB built by the enrichment
    const growth = HEAP_GROWTH_AFTER.enrich as number;
    const needed = used + growth * (used - base);
    const guard = (heapLimit: number) => {
      let heap = base;
      const g = createHeapGuard({ heapLimit, heapUsed: () => heap, file: 'inv.json' });
      g('validate');
      heap = used;
      return g;
    };
    expect(() => guard(needed + 1)('enrich')).not.toThrow();
    // the input's own heap is not multiplied: the old projection (the whole heap times the growth) would refuse
    expect(used * (1 + growth)).toBeGreaterThan(needed + 1);
    const error = (() => {
      try {
        guard(needed - 1)('enrich');
      } catch (e) {
        return e;
      }
    })();
    const e = refusal(error);
    expect(e.diagnostics[0].file).toBe('inv.json');
    expect(e.diagnostics[0].message).toMatch(
      /^after the enrich stage the heap holds 1000\.0 MiB, 400\.0 MiB of it built by the check/,
    );
    // stages without a measured growth never refuse, nor does anything before validation has ended
    expect(() => guard(1)('validate')).not.toThrow();
    expect(() => guard(1)('triage')).not.toThrow();
    const early = createHeapGuard({ heapLimit: 1, heapUsed: () => used });
    expect(() => early('enrich')).not.toThrow();
  });

  it('counts a released input text out of the input: what was freed is not taken for room', () => {
    const base = 600 * MiB;
    const text = 100 * MiB; // held at the end of validate, released during enrich
    const built = 300 * MiB;
    const growth = HEAP_GROWTH_AFTER.enrich as number;
    // once collected, the heap is the input without its text plus what was built
    const used = base - text + built;
    const needed = used + growth * built;
    const run = (heapLimit: number, released: number): unknown => {
      let heap = base;
      const g = createHeapGuard({ heapLimit, heapUsed: () => heap });
      g('validate');
      g.released(released);
      heap = used;
      try {
        g('enrich');
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(run(needed, text)).toBeUndefined();
    expect(refusal(run(needed - 1, text)).diagnostics[0].message).toMatch(/300\.0 MiB of it built by the check/);
    expect(run(needed - 1, 0)).toBeUndefined();
  });
});

describe('a refusal before reading asks for the heap the whole check needs', () => {
  type Generate = { inventoryChunks: (opts: object) => Iterable<string> };

  it('so that the estimate after reading admits what the hint allowed: one hint, not two', async () => {
    // the bench's minified shape (how machines write inventories), measured on 2,000 vendors and scaled to a million:
    // the check before reading looks at the file size only, so a sparse file of that size stands for the inventory
    const generate = (await import(path.join(ROOT, 'bench', 'generate.mjs') as string)) as Generate;
    const text = [...generate.inventoryChunks({ vendors: 2000, seed: 1, shape: 'minified', format: 'json' })].join('');
    const counts = countInventory(JSON.parse(text));
    const scale = 500; // an even number: the text split in two files
    const bytes = Buffer.byteLength(text) * scale;
    const scaled = {
      vendors: counts.vendors * scale,
      services: counts.services * scale,
      dataSets: counts.dataSets * scale,
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-hint-'));
    try {
      // in two files, as one file this size is longer than one string (refused for that, with its own hint)
      const files = ['a.json', 'b.json'].map((name) => path.join(dir, name));
      for (const file of files) {
        writeFileSync(file, '');
        truncateSync(file, bytes / 2);
      }
      for (const command of ['check', 'validate']) {
        // Node's default heap, which a million vendors do not fit
        const error = await checkCapacity(files, {
          heapLimit: 4096 * MiB,
          command,
          jsonHeapFactor: 8,
          jsonHintFactor: CHECK_HEAP_PER_JSON_BYTE,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ResidencyError);
        const diagnostic = (error as ResidencyError).diagnostics[0];
        expect(diagnostic.message).toMatch(new RegExp(`of heap to read, about [\\d.]+ GiB to ${command}, over`));
        const mb = Number(/--max-old-space-size=(\d+) residency/.exec(diagnostic.hint ?? '')?.[1]);
        // with the limit the hint names, the estimate from the counts after reading does not refuse
        const needed = estimateCheckHeap([{ counts: scaled, bytes, format: 'json' }]);
        expect(needed).toBeGreaterThan(4096 * MiB);
        expect(needed).toBeLessThan(mb * MiB);
        // nor does the check before reading
        await expect(
          checkCapacity(files, { heapLimit: mb * MiB, command, jsonHeapFactor: 8, jsonHintFactor: 11 }),
        ).resolves.toBe(bytes);
        // reading alone would have asked for less than the check needs
        expect(Math.ceil((bytes * 8 * 1.25) / MiB / 256) * 256 * MiB).toBeLessThan(needed);
      }
      // a command that only reads asks for what reading needs
      const diffError = await checkCapacity(files, {
        heapLimit: 4096 * MiB,
        command: 'diff',
        jsonHeapFactor: 8,
      }).catch((e: unknown) => e);
      expect((diffError as ResidencyError).diagnostics[0].message).toMatch(/of heap, over this process's heap limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a refusal before reading names the input that needs the heap', () => {
  it('is located at the largest need, and a YAML one is told what JSON would need', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-where-'));
    try {
      // a small CSV given first, and the YAML inventory a re-import reads (--out): the YAML is what does not fit
      const csv = path.join(dir, 'vendors.csv');
      const yaml = path.join(dir, 'inventory.yaml');
      writeFileSync(csv, 'x'.repeat(64 * 1024));
      writeFileSync(yaml, 'x'.repeat(32 * 1024));
      const refused = await checkCapacity([csv, yaml], { heapLimit: 2 * MiB, command: 'import' }).catch((e) => e);
      expect(refused).toBeInstanceOf(ResidencyError);
      const diagnostic = (refused as ResidencyError).diagnostics[0];
      expect(diagnostic.file).toBe(yaml);
      expect(diagnostic.hint).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+ residency import/);
      expect(diagnostic.hint).toContain('keep an inventory this large as JSON');
      // the same bytes as JSON fit: the hint is true
      const json = path.join(dir, 'inventory.json');
      writeFileSync(json, 'x'.repeat(32 * 1024));
      await expect(checkCapacity([csv, json], { heapLimit: 2 * MiB, command: 'import' })).resolves.toBe(96 * 1024);
      // where JSON is what does not fit, it is named, and JSON is not offered as the way out
      const big = path.join(dir, 'big.json');
      writeFileSync(big, 'x'.repeat(256 * 1024));
      const json2 = (await checkCapacity([csv, big], { heapLimit: 2 * MiB }).catch((e) => e)) as ResidencyError;
      expect(json2.diagnostics[0].file).toBe(big);
      expect(json2.diagnostics[0].hint).not.toContain('as JSON');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
