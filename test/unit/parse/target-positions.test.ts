import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { textBytes } from '../../../src/adapters/prescan.js';
import { bomLength, shelfOffsets, utf8Offsets } from '../../../src/adapters/text-offsets.js';
import { loadInventory } from '../../../src/inventory/validate.js';
import { scanBuffers, scanJson } from '../../../src/parse/json-scan.js';
import { LineIndex } from '../../../src/parse/line-index.js';
import {
  assembleJson,
  type ParsedDocument,
  parseJsonData,
  parseText,
  sha256,
  type TextSource,
} from '../../../src/parse/parse.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs, type World } from '../run-check.js';
import { referenceOffsets } from './json-reference.js';

/**
 * Issue 13: where vendors and services start is kept in flat typed arrays (json-scan.ts) instead of one object with
 * three arrays per vendor, loadInventory remembers a row number per vendor and service instead of a document and a
 * pointer string, and `check` drops each document's text (or YAML node tree) once no field is located any more
 * (ParsedDocument.release). These tests prove the compact records give exactly the positions a walk of the text
 * gives, on one-line, pretty, CRLF and unicode inputs, and that releasing changes no location a check reports.
 */

function inventory(vendors: number, unicode: boolean): unknown {
  const name = (i: number) => (unicode ? `Vendor ${i} \u00e9\u{1F600} \u4e2d` : `Vendor ${i}`);
  return {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: unicode ? 'Org \u{1F3E2}' : 'Org', jurisdiction: 'US' },
    vendors: Array.from({ length: vendors }, (_, i) => ({
      id: `vendor-${i}`,
      name: name(i),
      country: i % 3 === 0 ? 'CN' : 'US',
      ...(i % 4 === 1 ? {} : { owners: [{ entity: `Owner \u00e7 ${i}`, country: 'CN' }] }),
      ...(i % 5 === 2
        ? {}
        : {
            services: Array.from({ length: i % 4 }, (_, j) => ({
              id: `svc-${j}`,
              name: `${name(i)} \\ "svc" ${j}`,
              provider: j % 2 ? 'aws' : 'alibaba-cloud',
              regions: j % 2 ? ['us-east-1'] : ['cn-hangzhou'],
              data: [{ category: 'personal', ...(j === 1 ? {} : { usPersons: 1000 * j }) }],
            })),
          }),
    })),
  };
}

type Shape = 'one-line' | 'pretty' | 'crlf' | 'unicode' | 'escaped';

function jsonText(vendors: number, shape: Shape): string {
  const data = inventory(vendors, shape === 'unicode' || shape === 'escaped');
  if (shape === 'one-line') return JSON.stringify(data);
  if (shape === 'escaped') {
    // every non-ASCII character written as \uXXXX: offsets and columns are then those of the escapes
    return JSON.stringify(data, null, 1).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  const pretty = JSON.stringify(data, null, 2);
  return shape === 'crlf' ? pretty.replace(/\n/g, '\r\n') : pretty;
}

/** Reference: the offset of every `/vendors/N` and `/vendors/N/services/M` value, by a recursive walk of the text. */
function targetOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pointer, { value }] of referenceOffsets(text))
    if (/^\/vendors\/\d+(\/services\/\d+)?$/.test(pointer)) out.set(pointer, value);
  return out;
}

function target(pointer: string): [number, number | undefined] {
  const m = /^\/vendors\/(\d+)(?:\/services\/(\d+))?$/.exec(pointer) as RegExpExecArray;
  return [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])];
}

let world: World;
beforeAll(async () => {
  world = await bundledWorld();
});

describe('vendor and service positions in flat typed arrays', () => {
  for (const shape of ['one-line', 'pretty', 'crlf', 'unicode', 'escaped'] as const) {
    it(`give exactly the positions of a walk of the text (${shape})`, () => {
      const text = jsonText(60, shape);
      const expected = targetOffsets(text);
      const lines = new LineIndex(text);
      const doc = parseText(text, 'inv.json');
      const scan = scanJson(text, 256);
      expect(scan.vendors?.vendors).toBe(60);
      expect(scan.vendors?.serviceOffsets).toBeInstanceOf(Int32Array);
      expect(scan.vendors?.serviceOffsets.length).toBe(
        [...expected.keys()].filter((p) => p.includes('/services/')).length,
      );
      for (const [pointer, offset] of expected) {
        const [v, s] = target(pointer);
        const position = lines.position(offset);
        expect(doc.locate(pointer), pointer).toEqual(position);
        expect(doc.locateTarget?.(v, s), pointer).toEqual(position);
        if (s === undefined) expect(scan.vendors?.vendorOffsets[v]).toBe(offset);
      }
      // past the end, and a service of a vendor without services, are not located
      expect(doc.locateTarget?.(60)).toBeUndefined();
      expect(doc.locateTarget?.(2, 0)).toBeUndefined(); // vendor 2 has no services key
      expect(doc.locateTarget?.(1, 1)).toBeUndefined(); // vendor 1 has one service
    });
  }

  it('place other pointers exactly, counted from the nearest vendor or service start or from a line index', () => {
    // pointers near a start (the organisation right after the vendors, or before them) and far from any (past a
    // long block, or in a document without vendors)
    const blob = Array.from({ length: 8000 }, (_, i) => `line ${i} \u00e9\u{1F600}`);
    const inv = inventory(20, true) as Record<string, unknown>;
    const docs = [
      { ...inv, organisation: inv.organisation },
      { organisation: inv.organisation, blob, vendors: inv.vendors, tail: { x: 1 } },
      { vendors: inv.vendors, blob, organisation: inv.organisation },
      { blob, other: { organisation: inv.organisation } },
    ];
    for (const data of docs) {
      for (const text of [JSON.stringify(data), JSON.stringify(data, null, 2).replace(/\n/g, '\r\n')]) {
        const doc = parseText(text, 'inv.json');
        const lines = new LineIndex(text);
        let checked = 0;
        for (const [pointer, o] of referenceOffsets(text)) {
          if (pointer.startsWith('/vendors/') && !pointer.endsWith('/name')) continue;
          if (pointer.startsWith('/blob/') && !/^\/blob\/(0|1|3999|7999)$/.test(pointer)) continue;
          expect(doc.locate(pointer), pointer).toEqual(lines.position(o.value));
          expect(doc.locate(pointer, true), pointer).toEqual(lines.position(o.key));
          checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('survive the move from the worker thread (transferred, not copied) unchanged', () => {
    const text = jsonText(40, 'unicode');
    const scan = scanJson(text, 256);
    const moved = structuredClone(scan, { transfer: scanBuffers(scan) });
    expect(scan.vendors?.vendorLines.length).toBe(0); // the buffers left this side
    const doc = assembleJson(
      text,
      'inv.json',
      { scan: moved, sha256: sha256(text), maxDepth: 256 },
      parseJsonData(text),
    );
    const lines = new LineIndex(text);
    for (const [pointer, offset] of targetOffsets(text)) {
      const [v, s] = target(pointer);
      expect(doc.locateTarget?.(v, s), pointer).toEqual(lines.position(offset));
    }
  });
});

describe('a released document', () => {
  const shapes: [string, string][] = [
    ['inv.json', jsonText(30, 'one-line')],
    ['inv.json', jsonText(30, 'crlf')],
    ['inv.json', jsonText(30, 'unicode')],
  ];

  it('locates its vendors and services as before, and nothing that needed the text', () => {
    for (const [file, text] of shapes) {
      const doc = parseText(text, file);
      const data = doc.data as { vendors: { services?: unknown[] }[] };
      const pointers: string[] = [];
      data.vendors.forEach((v, i) => {
        pointers.push(`/vendors/${i}`);
        (v.services ?? []).forEach((_, j) => {
          pointers.push(`/vendors/${i}/services/${j}`);
        });
      });
      const before = pointers.map((p) => doc.locate(p));
      const deep = doc.locate('/vendors/0/name');
      expect(deep, file).toBeDefined();
      expect(before.every((p) => p !== undefined)).toBe(true);
      // the bytes freed: one a character, two when a character is above U+00FF
      expect(doc.release?.()).toBe(/[\u0100-\uffff]/.test(text) ? 2 * text.length : text.length);
      expect(doc.release?.()).toBe(0);
      expect(
        pointers.map((p) => doc.locate(p)),
        file,
      ).toEqual(before);
      expect(
        pointers.map((p) => doc.locateTarget?.(...target(p))),
        file,
      ).toEqual(before);
      // what only the text (or node tree) could answer is gone
      expect(doc.locate('/vendors/0/name'), file).toBeUndefined();
      expect(doc.locate('/organisation'), file).toBeUndefined();
      expect(doc.locateTarget?.(30), file).toBeUndefined();
    }
  });

  it('loadInventory: locate and locateOrganisation answer the same after release; fields only before', () => {
    for (const [file, text] of shapes) {
      const loaded = loadInventory([parseText(text, file)], world.catalog);
      const targets = loaded.inventory.vendors.flatMap((v) => [v, ...(v.services ?? [])]);
      const before = targets.map((t) => loaded.locate(t));
      const organisation = loaded.locateOrganisation();
      const field = loaded.locateField(loaded.inventory.vendors[0], 'name');
      expect(field?.pointer).toBe('/vendors/0/name');
      expect(before.every((p) => p?.pointer !== undefined)).toBe(true);
      loaded.release();
      expect(targets.map((t) => loaded.locate(t))).toEqual(before);
      expect(targets.map((t) => loaded.locateField(t))).toEqual(before);
      expect(loaded.locateOrganisation()).toEqual(organisation);
      expect(organisation?.pointer).toBe('/organisation');
      expect(loaded.locateField(loaded.inventory.vendors[0], 'name')).toBeUndefined();
    }
  });

  it('a YAML document keeps its node tree (nothing to release), and locates its targets as locate does', () => {
    for (const text of [stringify(inventory(30, true)), stringify(inventory(30, false)).replace(/\n/g, '\r\n')]) {
      const doc = parseText(text, 'inv.yaml');
      expect(doc.release).toBeUndefined();
      const data = doc.data as { vendors: { services?: unknown[] }[] };
      data.vendors.forEach((v, i) => {
        expect(doc.locateTarget?.(i)).toEqual(doc.locate(`/vendors/${i}`));
        (v.services ?? []).forEach((_, j) => {
          expect(doc.locateTarget?.(i, j)).toEqual(doc.locate(`/vendors/${i}/services/${j}`));
        });
      });
      const loaded = loadInventory([doc], world.catalog);
      expect(loaded.release()).toBe(0);
      expect(loaded.locateField(loaded.inventory.vendors[0], 'name')?.pointer).toBe('/vendors/0/name');
    }
  });
});

describe('check with releaseDocuments', () => {
  const files = ['examples/acme-failing.yaml', 'test/fixtures/migration/inventory-0.1.yaml'];

  const release = (docs: ParsedDocument[], freed: number[]): Report =>
    checkDocs(world, docs, AS_OF, { releaseDocuments: (bytes) => freed.push(bytes) });

  it('reports the same locations, missing-fact warnings at fields included, in YAML and JSON', () => {
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const json = JSON.stringify(parseText(text, file).data, null, 2);
      for (const [name, body] of [
        [file, text],
        ['inv.json', json],
        ['inv.json', JSON.stringify(JSON.parse(json))],
      ]) {
        const kept = checkDocs(world, [parseText(body, name)]);
        const doc = parseText(body, name);
        const freed: number[] = [];
        const released = release([doc], freed);
        expect(released).toEqual(kept);
        // the run released a JSON document (a field is no longer located) and said how much that freed
        if (name.endsWith('.json')) {
          expect(doc.locate('/vendors/0/id')).toBeUndefined();
          expect(freed).toEqual([body.length]);
        } else expect(freed).toEqual([0]);
        const located = kept.diagnostics.filter((d) => d.pointer && /\/vendors\/\d+\/./.test(d.pointer));
        if (file.includes('0.1')) expect(located.length, name).toBeGreaterThan(0);
        expect(kept.findings.some((f) => f.location?.line !== undefined)).toBe(true);
      }
    }
  });
});

/**
 * A document read from a large ASCII JSON input keeps the input's bytes, so `check` drops its text once the inventory
 * is validated (ParsedDocument.shelve) and reads a vendor's piece again when a warning is located inside it.
 */
describe('a shelved document', () => {
  /** JSON with every character above U+007F written as an escape: all ASCII. */
  const escaped = (json: string): string =>
    json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const asciiText = (vendors: number, shape: Shape): string => escaped(jsonText(vendors, shape));

  /**
   * The document as parseSharedJson makes it from an ASCII file (a byte-order mark allowed), its source reading the
   * file's bytes from memory, and every read of that source.
   */
  function shelvable(text: string, bom = false): { doc: ParsedDocument; reads: [number, number][] } {
    const bytes = Buffer.from(bom ? `\uFEFF${text}` : text, 'utf8');
    const scan = scanJson(text, 256);
    // an ASCII text is one byte a character; any other is found through the offsets the worker thread computes
    const ascii = isAscii(bytes.subarray(bomLength(bytes)));
    const utf8 = ascii ? undefined : utf8Offsets(text, shelfOffsets(scan, text.length));
    const how = textBytes(bytes, text.length, { ascii, utf8 });
    expect(how?.skip).toBe(bom ? 3 : 0);
    expect(how?.encoding).toBe(ascii ? 'latin1' : 'utf8');
    const reads: [number, number][] = [];
    const source: TextSource = (start, end) => {
      reads.push([start, end]);
      const from = how?.at(start);
      const to = how?.at(end);
      if (!how || from === undefined || to === undefined) return undefined;
      return bytes.subarray(how.skip + from, how.skip + to).toString(ascii ? 'latin1' : 'utf8');
    };
    const prescan = { scan, sha256: sha256(text), maxDepth: 256 };
    return { doc: assembleJson(text, 'inv.json', prescan, parseJsonData(text), undefined, source), reads };
  }

  for (const shape of ['one-line', 'pretty', 'crlf', 'escaped', 'unicode'] as const) {
    for (const bom of [false, true]) {
      it(`locates every value and key as the whole text does, reading only its vendor's piece (${shape}${bom ? ', BOM' : ''})`, () => {
        // every shape but `unicode` written all in ASCII
        const text = shape === 'unicode' ? jsonText(40, shape) : asciiText(40, shape);
        const lines = new LineIndex(text);
        const reference = referenceOffsets(text);
        const { doc, reads } = shelvable(text, bom);
        expect(doc.shelve?.()).toBe(shape === 'unicode' ? 2 * text.length : text.length);
        expect(doc.shelve?.()).toBe(0);
        let inside = 0;
        for (const [pointer, o] of reference) {
          if (!/^\/vendors\/\d+/.test(pointer)) continue;
          expect(doc.locate(pointer), pointer).toEqual(lines.position(o.value));
          if (!/^\/vendors\/\d+$/.test(pointer))
            expect(doc.locate(pointer, true), pointer).toEqual(lines.position(o.key));
          inside++;
        }
        expect(inside).toBeGreaterThan(500);
        // one read per vendor with a pointer inside it (vendors come in order), each no longer than a vendor
        const vendors = scanJson(text, 256).vendors as NonNullable<ReturnType<typeof scanJson>['vendors']>;
        expect(reads.length).toBe(40);
        reads.forEach(([start, end], v) => {
          expect(start).toBe(vendors.vendorOffsets[v]);
          expect(end - start).toBeLessThan(text.length / 10);
        });
        // outside the vendors, the whole text is made again (once), and gives the same positions
        for (const [pointer, o] of reference) {
          if (/^\/vendors\/\d+/.test(pointer)) continue;
          expect(doc.locate(pointer), pointer).toEqual(lines.position(o.value));
        }
        expect(reads.slice(40)).toEqual([[0, text.length]]);
        // released: the targets stay located, nothing else; the bytes were counted by shelve
        expect(doc.release?.()).toBe(0);
        expect(doc.locate('/vendors/3/name')).toBeUndefined();
        expect(doc.locate('/organisation')).toBeUndefined();
        expect(doc.locateTarget?.(3)).toEqual(lines.position(vendors.vendorOffsets[3]));
        expect(reads.length).toBe(41);
      });
    }
  }

  it('is made only from bytes that are all ASCII, as many as the characters of the text', () => {
    const ascii = asciiText(5, 'pretty');
    const unicode = jsonText(5, 'unicode');
    expect(textBytes(Buffer.from(unicode, 'utf8'), unicode.length, undefined)).toBeUndefined();
    expect(textBytes(Buffer.from(ascii, 'utf8'), ascii.length + 1, undefined)).toBeUndefined();
    expect(textBytes(Buffer.from(ascii, 'utf8'), ascii.length, undefined)?.skip).toBe(0);
    const shared = new Uint8Array(new SharedArrayBuffer(ascii.length + 3));
    shared.set([0xef, 0xbb, 0xbf]);
    shared.set(Buffer.from(ascii, 'utf8'), 3);
    expect(textBytes(shared, ascii.length, undefined)?.skip).toBe(3);
    // a document without a source keeps its text: shelve frees nothing
    const doc = parseText(ascii, 'inv.json');
    expect(doc.shelve?.()).toBe(0);
    expect(doc.locate('/vendors/0/name')).toBeDefined();
  });

  it('locates no deeper than a vendor or service when its source cannot give the piece (the file changed)', () => {
    const text = asciiText(10, 'pretty');
    const lines = new LineIndex(text);
    const reference = referenceOffsets(text);
    const scan = scanJson(text, 256);
    const doc = assembleJson(
      text,
      'inv.json',
      { scan, sha256: sha256(text), maxDepth: 256 },
      parseJsonData(text),
      undefined,
      () => undefined,
    );
    expect(doc.shelve?.()).toBe(text.length);
    expect(doc.locate('/vendors/3/name')).toBeUndefined();
    expect(doc.locate('/organisation')).toBeUndefined();
    const at = reference.get('/vendors/3/services/1') as { value: number };
    expect(doc.locate('/vendors/3/services/1')).toEqual(lines.position(at.value));
  });

  it('check: the same report as with the text kept, and the text counted as freed once', () => {
    for (const file of ['examples/acme-failing.yaml', 'test/fixtures/migration/inventory-0.1.yaml']) {
      const data = parseText(readFileSync(path.join(ROOT, file), 'utf8'), file).data;
      const pretty = JSON.stringify(data, null, 2);
      for (const body of [
        escaped(pretty),
        escaped(JSON.stringify(data)),
        pretty.replace('"name": "', '"name": "Société 😀 '),
      ]) {
        const kept = checkDocs(world, [parseText(body, 'inv.json')]);
        const { doc, reads } = shelvable(body);
        const freed: number[] = [];
        const report = checkDocs(world, [doc], AS_OF, { releaseDocuments: (bytes) => freed.push(bytes) });
        expect(report).toEqual(kept);
        expect(freed).toEqual([/[\u0100-\uffff]/.test(body) ? 2 * body.length : body.length, 0]);
        // the warnings located inside a vendor were read from its piece; the whole text was never made again
        const inside = kept.diagnostics.filter((d) => d.pointer && /^\/vendors\/\d+\/./.test(d.pointer));
        if (file.includes('0.1')) expect(inside.length).toBeGreaterThan(0);
        expect(reads.every(([start, end]) => end - start < body.length)).toBe(true);
        expect(reads.length > 0).toBe(inside.length > 0);
      }
    }
  });

  it('locates pointers far inside one large vendor as the whole text does, kept or shelved', () => {
    // a vendor of 3,000 owners (~150k characters: far past the distance lines are counted over from its start),
    // between two small vendors, on every layout
    const data = {
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: 'Org' },
      vendors: [
        { id: 'a', name: 'A' },
        {
          id: 'big',
          name: 'Big',
          owners: Array.from({ length: 3000 }, (_, i) => ({ entity: `owner-${i}`, percent: 0.01, country: 'SG' })),
        },
        { id: 'z', name: 'Z' },
      ],
    };
    const pretty = JSON.stringify(data, null, 2);
    for (const text of [JSON.stringify(data), pretty, pretty.replace(/\n/g, '\r\n')]) {
      const lines = new LineIndex(text);
      const wanted = [...referenceOffsets(text)].filter(([pointer]) => /^\/vendors\/[12]\/owners\/\d+\//.test(pointer));
      expect(wanted.length).toBeGreaterThan(6000);
      const kept = parseText(text, 'inv.json');
      const { doc } = shelvable(text);
      expect(doc.shelve?.()).toBe(text.length);
      // in order (each counted from the one before) and last first (far from anything known: the vendor's lines)
      for (const order of [wanted, [...wanted].reverse()]) {
        for (const [pointer, o] of order) {
          expect(kept.locate(pointer), pointer).toEqual(lines.position(o.value));
          expect(kept.locate(pointer, true), pointer).toEqual(lines.position(o.key));
          expect(doc.locate(pointer), pointer).toEqual(lines.position(o.value));
        }
      }
    }
  });
});
