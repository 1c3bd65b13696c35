import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStream, JsonStreamError } from '../../../src/parse/json-stream.js';
import { DEFAULT_MAX_DEPTH, parseText } from '../../../src/parse/parse.js';
import { feedInPieces } from '../../helpers.js';

interface Read {
  members: Record<string, unknown>;
  items: { value: unknown; index: number; line: number; column: number }[];
}

/** Read `text` fed in the pieces that start at `cuts`, keeping `keep` and the items of `findings`. */
function read(text: string, cuts: number[] = [], keep = ['summary', 'rules', 'a/b', 'caf\u00e9']): Read {
  const out: Read = { members: {}, items: [] };
  const stream = new JsonStream({
    keep: new Set(keep),
    items: new Set(['findings']),
    maxDepth: DEFAULT_MAX_DEPTH,
    member: (key, json) => {
      out.members[key] = JSON.parse(json);
    },
    item: (json, index, line, column) => {
      out.items.push({ value: JSON.parse(json), index, line, column });
    },
  });
  feedInPieces(text, cuts, (piece) => stream.feed(piece));
  stream.end();
  return out;
}

/** What residency's reader (the whole text at once) makes of `text`: the document, or why it refuses it. */
function whole(text: string): { ok: true; data: unknown } | { ok: false } {
  try {
    return { ok: true, data: parseText(text, 'report.json', { format: 'json' }).data };
  } catch {
    return { ok: false };
  }
}

const KEYS = ['summary', 'findings', 'rules', 'id', 'a/b', 'caf\u00e9', 'x"y', '', 'n\nl', '\u{1F600}'];
const key = fc.constantFrom(...KEYS);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\t', '\u0001', '\u00e9', '\u2028', '\ud83d', '\ude00') }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(key, tie('any'), { maxKeys: 5 }),
  ),
})).any;
const report = fc.record(
  { summary: value, findings: fc.array(value, { maxLength: 6 }), rules: value, other: value },
  { requiredKeys: [] },
);

/** A JSON text written with gratuitous \u escapes in its keys, white space of every kind, or none. */
function layout(doc: unknown, indent: number | string): string {
  return JSON.stringify(doc, null, indent).replace(/"summary":/g, '"summ\\u0061ry":');
}

describe('JsonStream: a JSON text validated and taken apart a piece at a time', () => {
  it('hands out the kept members and every item, as JSON.parse reads them, for any layout and split', () => {
    fc.assert(
      fc.property(
        report,
        fc.constantFrom(0, 1, '\t', ' \r\n'),
        fc.array(fc.nat(), { maxLength: 10 }),
        (doc, indent, cuts) => {
          const text =
            typeof indent === 'string' && indent.includes('\n')
              ? JSON.stringify(doc).replace(/,/g, ',\r\n ')
              : layout(doc, indent);
          const expected = JSON.parse(text) as Record<string, unknown>;
          const got = read(text, cuts);
          const kept: Record<string, unknown> = {};
          for (const k of ['summary', 'rules']) if (Object.hasOwn(expected, k)) kept[k] = expected[k];
          expect(got.members).toEqual(kept);
          const findings = expected.findings;
          if (Array.isArray(findings)) {
            expect(got.items.map((i) => i.value)).toEqual(findings);
            expect(got.items.map((i) => i.index)).toEqual(findings.map((_, k) => k));
          } else {
            expect(got.items).toEqual([]);
          }
        },
      ),
      { seed: 16_002, numRuns: 2000 },
    );
  });

  it("with keep 'all' and several lists: every other member, each list's items with its key, and each list's end", () => {
    fc.assert(
      fc.property(
        fc.record(
          { summary: value, findings: fc.array(value, { maxLength: 4 }), vendors: value, rules: value },
          { requiredKeys: [] },
        ),
        fc.constantFrom(0, 2),
        fc.array(fc.nat(), { maxLength: 6 }),
        (doc, indent, cuts) => {
          const text = JSON.stringify(doc, null, indent);
          const members: Record<string, unknown> = {};
          const items: Record<string, unknown[]> = {};
          const ends: [string, number][] = [];
          const stream = new JsonStream({
            keep: 'all',
            items: new Set(['findings', 'vendors']),
            maxDepth: DEFAULT_MAX_DEPTH,
            member: (k, json) => {
              members[k] = JSON.parse(json);
            },
            item: (json, index, _line, _column, k) => {
              items[k] ??= [];
              expect(index).toBe(items[k].length);
              items[k].push(JSON.parse(json));
            },
            list: (k, count) => ends.push([k, count]),
          });
          feedInPieces(text, cuts, (piece) => stream.feed(piece));
          stream.end();
          const parsed = JSON.parse(text) as Record<string, unknown>;
          const lists = Object.keys(parsed).filter(
            (k) => ['findings', 'vendors'].includes(k) && Array.isArray(parsed[k]),
          );
          // a list member's items come one by one (an empty list: only its end); anything else is a member
          for (const k of Object.keys(parsed)) {
            if (lists.includes(k)) expect(items[k] ?? []).toEqual(parsed[k]);
            else expect(members[k]).toEqual(parsed[k]);
          }
          expect(Object.keys(members).sort()).toEqual(
            Object.keys(parsed)
              .filter((k) => !lists.includes(k))
              .sort(),
          );
          expect(ends).toEqual(lists.map((k) => [k, (parsed[k] as unknown[]).length]));
          expect(stream.sawItems).toBe(lists.length > 0);
        },
      ),
      { seed: 17_006, numRuns: 1000 },
    );
    expect(
      () =>
        new JsonStream({ keep: new Set(['findings']), items: new Set(['findings']), maxDepth: 8, member: () => {} }),
    ).toThrow(RangeError);
  });

  it("refuses exactly what residency's whole-text reader refuses, on texts broken at random", () => {
    // a valid document with one character deleted, inserted or replaced: syntax errors of every kind, and
    // repeated keys (KEYS repeat once a quote is dropped or moved)
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace'),
      char: fc.constantFrom(
        '"',
        ',',
        ':',
        '{',
        '}',
        '[',
        ']',
        '\\',
        '0',
        '-',
        '.',
        'e',
        't',
        'u',
        ' ',
        '\n',
        'x',
        '\u0000',
      ),
    });
    fc.assert(
      fc.property(report, fc.constantFrom(0, 2), edit, fc.array(fc.nat(), { maxLength: 6 }), (doc, indent, e, cuts) => {
        const text0 = JSON.stringify(doc, null, indent);
        const at = e.at % (text0.length + 1);
        const text =
          e.kind === 'delete'
            ? text0.slice(0, at) + text0.slice(at + 1)
            : e.kind === 'insert'
              ? text0.slice(0, at) + e.char + text0.slice(at)
              : text0.slice(0, at) + e.char + text0.slice(at + 1);
        const reference = whole(text);
        let streamed: Read | JsonStreamError;
        try {
          streamed = read(text, cuts);
        } catch (error) {
          if (!(error instanceof JsonStreamError)) throw error;
          streamed = error;
        }
        expect(streamed instanceof JsonStreamError, text).toBe(!reference.ok);
      }),
      { seed: 16_003, numRuns: 5000 },
    );
  });

  it('says where the problem is, in lines and columns', () => {
    const at = (text: string, cuts: number[] = []): [number, number, string] => {
      try {
        read(text, cuts);
      } catch (error) {
        if (error instanceof JsonStreamError) return [error.line, error.column, error.message];
        throw error;
      }
      throw new Error('accepted');
    };
    expect(at('{\n  "a": 1,\n  "b": tru\n}')).toEqual([3, 11, 'a line break: expected true']);
    expect(at('{"a": 1, "a": 2}')).toEqual([1, 12, 'the key "a" is repeated in this object']);
    expect(at('{"findings": [\n  {"x": 1},\n  {"x": 2 "y": 3}\n]}', [5, 20])).toEqual([
      3,
      11,
      "'\"': expected ',' or '}'",
    ]);
    expect(at('{"a": "b\tc"}')).toEqual([
      1,
      9,
      'the control character U+0009 inside a string; write it escaped (\\n, \\t, \\u0000)',
    ]);
    expect(at('{"a": 01}')).toEqual([1, 8, "'1': expected ',' or '}'"]);
    expect(at('{"a": 1} x')).toEqual([1, 10, "'x' after the end of the document"]);
    expect(at('')).toEqual([1, 1, 'the file is empty']);
    expect(at('{"a": [1,\n 2')).toEqual([2, 3, 'the file ends before the JSON does']);
  });

  it('gives each item the line and column where it starts', () => {
    const text = '{\n  "findings": [\n    {"fingerprint": "a"},\n    "b", 7,\n  [null]\n  ]\n}\n';
    expect(read(text, [3, 30]).items).toEqual([
      { value: { fingerprint: 'a' }, index: 0, line: 3, column: 5 },
      { value: 'b', index: 1, line: 4, column: 5 },
      { value: 7, index: 2, line: 4, column: 10 },
      { value: [null], index: 3, line: 5, column: 3 },
    ]);
  });

  it('refuses nesting deeper than the limit, where the whole-text reader does', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    for (const depth of [DEFAULT_MAX_DEPTH - 1, DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH + 1]) {
      const text = `{"findings": ${nested(depth - 1)}}`;
      let streamed = true;
      try {
        read(text);
      } catch (error) {
        if (!(error instanceof JsonStreamError)) throw error;
        streamed = false;
      }
      expect(streamed, `depth ${depth}`).toBe(whole(text).ok);
    }
  });

  it('keeps nothing of a list it is told to read item by item', () => {
    expect(() => read('{}', [], ['findings'])).toThrow(RangeError);
  });
});
