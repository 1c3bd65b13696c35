/**
 * The bytes a signature covers, made a member and an item at a time (CanonicalDocument): the same bytes as the
 * canonical form of the whole parsed document (`signedBytes`), whether the document comes as text in any pieces or
 * as the values the JSON writer writes; and a signed report written a piece at a time is the one the whole-string
 * signer wrote (`signReport` of the parsed report, written by `formatJsonDocument`).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spillSinks } from '../../../src/adapters/spill.js';
import { ResidencyError } from '../../../src/model/errors.js';
import { JsonStreamError } from '../../../src/parse/json-stream.js';
import { formatJson, formatJsonDocument, jsonChunks, jsonParts } from '../../../src/report/formatters/json.js';
import type { Report } from '../../../src/report/types.js';
import {
  CanonicalDocument,
  type ListSink,
  type ListSinks,
  MAX_SIGNED_BYTES,
  memorySinks,
} from '../../../src/sign/canonical-document.js';
import { signedBytes, signedJsonChunks, signReport, verifyReport } from '../../../src/sign/sign.js';
import { feedInPieces } from '../../helpers.js';
import { inventoryArb, loadWorld, type World } from '../../slow/properties/arbitraries.js';
import { checkTriaged } from '../run-check.js';

let w: World;
let tmp: string;
beforeAll(async () => {
  w = await loadWorld();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-canonical-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The document's text fed to a CanonicalDocument in the pieces that start at `cuts`. */
function fromText(text: string, cuts: readonly number[], sinks?: ListSinks): CanonicalDocument {
  const doc = new CanonicalDocument(['signature', 'inputs'], sinks);
  feedInPieces(text, cuts, (piece) => doc.stream.feed(piece));
  doc.stream.end();
  return doc;
}

/** What the whole-document signer signs: the parsed document without `signature`, canonical. */
function expected(text: string): Buffer {
  return signedBytes(JSON.parse(text) as Record<string, unknown>);
}

const member = fc.jsonValue({ maxDepth: 3 });
const doc = fc.record(
  {
    schemaVersion: fc.constantFrom('3.0.0', '2.0.0'),
    summary: member,
    // the lists: usually lists, sometimes not (then an ordinary member)
    vendors: fc.oneof({ weight: 4, arbitrary: fc.array(member, { maxLength: 5 }) }, { weight: 1, arbitrary: member }),
    findings: fc.oneof({ weight: 4, arbitrary: fc.array(member, { maxLength: 5 }) }, { weight: 1, arbitrary: member }),
    signature: fc.record({ algorithm: fc.constant('ed25519'), value: fc.base64String() }),
    inputs: fc.array(
      fc.record({ path: fc.string(), sha256: fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }) }),
      { maxLength: 2 },
    ),
    '10': member,
    '': member,
    'caf\u00e9': member,
  },
  { requiredKeys: [] },
);

describe('CanonicalDocument', () => {
  it('gives the canonical bytes of the parsed document without its signature, for any layout and any pieces', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 2, '\t'), fc.array(fc.nat(), { maxLength: 8 }), (d, indent, cuts) => {
        const text = JSON.stringify(d, null, indent);
        const read = fromText(text, cuts);
        expect(read.signedBytes().equals(expected(text))).toBe(true);
        expect(read.parsed.signature).toEqual(d.signature);
        expect(read.parsed.inputs).toEqual(d.inputs);
        expect(read.stream.isObject).toBe(true);
      }),
      { numRuns: 400, seed: 17_001 },
    );
  });

  it('keeps a list longer than one piece of memory, in memory or in files, byte for byte', () => {
    const findings = Array.from({ length: 4000 }, (_, i) => ({
      z: i,
      message: `caf\u00e9 \u2192 ${'\u{1F600}'.repeat(i % 7)} ${'x'.repeat(600 + (i % 300))}`,
      a: [i, null, { y: true, b: `\u00e9${i}` }],
    }));
    const text = JSON.stringify({ summary: { score: 1 }, findings, vendors: [], rules: [] });
    expect(text.length).toBeGreaterThan(3 * (1 << 20)); // several chunks of 1 MiB
    const want = expected(text);
    expect(fromText(text, [5, 70_000, 1_500_000]).signedBytes().equals(want)).toBe(true);
    const sinks = spillSinks(tmp);
    const spilled = fromText(text, [1 << 20], sinks);
    expect(readdirSync(tmp)).toHaveLength(1); // the sinks' folder
    expect(spilled.signedBytes().equals(want)).toBe(true);
    // the chunks a signature reads, twice, are the same bytes, from memory or from the files
    for (const d of [spilled, fromText(text, [3, 900_000])])
      for (let read = 0; read < 2; read++) {
        const copies: Buffer[] = [];
        for (const chunk of d.signedChunks()()) copies.push(Buffer.from(chunk));
        expect(Buffer.concat(copies).equals(want)).toBe(true);
      }
    spilled.close();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('takes the same bytes from the values the JSON writer writes as from its text', () => {
    let reports = 0;
    fc.assert(
      fc.property(inventoryArb(w), fc.boolean(), (inv, triaged) => {
        const report = checkTriaged(w, [{ text: JSON.stringify(inv), file: 'inv.json' }], triaged);
        const byValue = new CanonicalDocument();
        for (const part of jsonParts(report)) {
          if (part.kind === 'member') byValue.member(part.key, part.value);
          else if (part.kind === 'item') byValue.item(part.key, part.value);
          else if (part.kind === 'list') byValue.list(part.key, part.count);
        }
        const text = [...jsonChunks(report)].join('');
        expect([...jsonParts(report)].map((p) => p.text).join('')).toBe(text);
        const want = expected(text);
        expect(byValue.signedBytes().equals(want)).toBe(true);
        expect(
          fromText(text, [text.length >> 1])
            .signedBytes()
            .equals(want),
        ).toBe(true);
        reports++;
      }),
      { numRuns: 25, seed: 17_002 },
    );
    expect(reports).toBe(25);
  });

  it('refuses bytes past what one buffer holds, to sign or verify, before reading them', () => {
    let copied = false;
    const huge: ListSink = {
      length: MAX_SIGNED_BYTES,
      write: () => {},
      *chunks() {
        copied = true;
        yield Buffer.alloc(0);
      },
    };
    const sinks: ListSinks = { sink: () => huge, close: () => {} };
    const d = new CanonicalDocument([], sinks);
    d.member('summary', { score: 1 });
    d.item('findings', { a: 1 });
    d.list('findings', 1);
    for (const read of [() => d.signedBytes(), () => d.signedChunks()]) {
      const error = (() => {
        try {
          read();
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ResidencyError);
      expect((error as ResidencyError).code).toBe('E_TOO_LARGE');
      expect((error as ResidencyError).diagnostics[0].hint).toMatch(/--sign/);
    }
    expect(copied).toBe(false);
  });

  it('checks the text as the JSON reader does', () => {
    expect(() => fromText('{"summary":1,"summary":2}', [])).toThrow(JsonStreamError);
    expect(() => fromText('{"findings":[1,]}', [])).toThrow(/expected a value/);
    expect(() => fromText('{"findings":[1]', [])).toThrow(/ends before the JSON does/);
    expect(fromText('[1]', []).stream.isObject).toBe(false);
  });
});

describe('a signed report written a piece at a time', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('is the report the whole-string signer wrote, and verifies, with the lists kept in memory or in files', () => {
    fc.assert(
      fc.property(inventoryArb(w), fc.boolean(), (inv, triaged) => {
        const report: Report = checkTriaged(w, [{ text: JSON.stringify(inv), file: 'inv.json' }], triaged);
        // check --sign until pass 17: the whole report as one string, parsed, signed and written again
        const before = formatJsonDocument(signReport(JSON.parse(formatJson(report)), privateKey));
        expect([...signedJsonChunks(report, privateKey)].join('')).toBe(before);
        expect([...signedJsonChunks(report, privateKey, spillSinks(tmp))].join('')).toBe(before);
        expect(verifyReport(JSON.parse(before), publicKey)).toMatchObject({ ok: true });
      }),
      { numRuns: 15, seed: 17_003 },
    );
    expect(readdirSync(tmp)).toEqual([]); // each run's files removed once its signature is made
  });

  it('lets go of its files when the writer stops part-way', () => {
    const [inv] = fc.sample(inventoryArb(w), { seed: 17_004, numRuns: 1 });
    const report = checkTriaged(w, [{ text: JSON.stringify(inv), file: 'inv.json' }], false);
    const pieces = signedJsonChunks(report, privateKey, spillSinks(tmp));
    let taken = 0;
    for (const _ of pieces) if (++taken === 3) break; // for…of calls return(): the generator's finally runs
    expect(taken).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
    expect(memorySinks().sink().length).toBe(0);
  });
});
