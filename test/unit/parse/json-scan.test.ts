import { describe, expect, it } from 'vitest';
import { ResidencyError } from '../../../src/model/errors.js';
import { LineIndex } from '../../../src/parse/line-index.js';
import { parseText } from '../../../src/parse/parse.js';
import { referenceOffsets } from './json-reference.js';

/**
 * The JSON pre-parse scan (src/parse/json-scan.ts) replaced four separate passes (depth check,
 * duplicate keys, container ends, lazy container index from the root). These tests compare it with
 * straightforward reference implementations on random documents: every pointer must be located
 * exactly (value and key), the first duplicate key found with its position, and the depth limit
 * applied by the same rules as before.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['id', 'name', 'services', 'vendors', 'regions', 'a/b', 'c~d', 'caf\u00e9', '', 'x"y', 'z\\w', 'n\nl'];

/** JSON text for a key: sometimes with gratuitous \u escapes (the scan must decode them). */
function keyText(key: string, r: () => number): string {
  if (r() < 0.2 && key.length > 0)
    return `"${[...key].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
  return JSON.stringify(key);
}

function ws(r: () => number): string {
  const options = ['', '', ' ', '\n', '\n  ', '\r\n\t', '  \n    '];
  return options[Math.floor(r() * options.length)];
}

function value(r: () => number, depth: number, shape?: 'inventory' | 'vendor' | 'service'): string {
  if (shape === 'inventory') {
    const vendors = Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth + 2, 'vendor'));
    const members = [
      `${keyText('apiVersion', r)}:${ws(r)}"residency/v1"`,
      `${keyText('vendors', r)}:${ws(r)}[${ws(r)}${vendors.join(`${ws(r)},${ws(r)}`)}${ws(r)}]`,
      `${keyText('organisation', r)}:${ws(r)}${value(r, depth + 1)}`,
    ];
    if (r() < 0.5) members.reverse();
    return `{${ws(r)}${members.join(`,${ws(r)}`)}${ws(r)}}`;
  }
  if (shape === 'vendor') {
    if (r() < 0.1) return r() < 0.5 ? 'null' : '"not an object"';
    const services = Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 2, 'service'));
    const members = [
      `${keyText('id', r)}: ${JSON.stringify(`v${Math.floor(r() * 1000)}`)}`,
      `${keyText('services', r)}:${ws(r)}${r() < 0.1 ? '{}' : `[${ws(r)}${services.join(`,${ws(r)}`)}${ws(r)}]`}`,
      `${keyText('name', r)}:${ws(r)}${value(r, depth + 1)}`,
    ];
    if (r() < 0.5) members.reverse();
    return `{${ws(r)}${members.join(`,${ws(r)}`)}${ws(r)}}`;
  }
  const pick = r();
  if (depth > 5 || pick < 0.35) {
    const scalars = ['1', '-2.5e3', 'true', 'false', 'null', '"s"', '"q\\"uote\\\\"', '"#x"', '"[{"', '"\\u005b"'];
    return scalars[Math.floor(r() * scalars.length)];
  }
  if (pick < 0.65) {
    const items = Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    return `[${ws(r)}${items.join(`${ws(r)},${ws(r)}`)}${ws(r)}]`;
  }
  const used = new Set<string>();
  const members: string[] = [];
  const count = Math.floor(r() * (r() < 0.1 ? 30 : 5));
  for (let i = 0; i < count; i++) {
    const key = r() < 0.5 ? KEYS[Math.floor(r() * KEYS.length)] : `k${Math.floor(r() * 40)}`;
    if (used.has(key)) continue;
    used.add(key);
    members.push(`${keyText(key, r)}${ws(r)}:${ws(r)}${value(r, depth + 1)}`);
  }
  return `{${ws(r)}${members.join(`${ws(r)},${ws(r)}`)}${ws(r)}}`;
}

const BIG = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ');

describe('JSON pre-parse scan', () => {
  it('locates every pointer (value and key) exactly like a full walk, in random documents', () => {
    let pointers = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const text = r() < 0.2 ? value(r, 0) : value(r, 0, 'inventory');
      const doc = parseText(text, 'r.json');
      expect(doc.data).toEqual(JSON.parse(text));
      const lines = new LineIndex(text);
      const expected = referenceOffsets(text);
      // query in a shuffled order: the index must not depend on lookup order
      const entries = [...expected].sort(() => r() - 0.5);
      for (const [pointer, o] of entries) {
        if (pointer === '/') continue; // pointer.ts reads '/' as the root (long-standing, not the scan's)
        expect(doc.locate(pointer), `${seed} ${pointer}`).toEqual(lines.position(o.value));
        expect(doc.locate(pointer, true), `${seed} ${pointer} key`).toEqual(lines.position(o.key));
        pointers++;
      }
      expect(doc.locate('/vendors/99999')).toBeUndefined();
      expect(doc.locate('/nope/0')).toBeUndefined();
    }
    expect(pointers).toBeGreaterThan(5000);
  });

  it('finds the first repeated key, decoded, at its position — also with escapes and in big objects', () => {
    const cases: [string, string, string][] = [
      ['{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', 'c', '1:24'],
      ['{"vendors": [{"id": "x", "services": [{"id": 1, "i\\u0064": 2}]}]}', 'id', '1:49'],
      ['{\n  "x\\"y": 1,\n  "x\\u0022y": 2\n}', 'x"y', '3:3'],
      [`{${BIG}, "k17": 0}`, 'k17', `1:${BIG.length + 4}`],
      ['[{"a": 1}, {"a": 1}, {"b": [1, {"b": 2, "b": 3}]}]', 'b', '1:41'],
    ];
    for (const [text, key, where] of cases) {
      let caught: unknown;
      try {
        parseText(text, 'd.json');
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(ResidencyError);
      const d = (caught as ResidencyError).diagnostics[0];
      expect(d.code).toBe('E_DUPLICATE_KEY');
      expect(d.message).toBe(`duplicate key '${key}'`);
      expect(`${d.line}:${d.column}`, text).toBe(where);
    }
    // equal keys in different objects are fine, and so are keys equal only before decoding
    expect(() => parseText('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "\\u0061b": 1}', 'ok.json')).not.toThrow();
  });

  it('reports a syntax error before a duplicate key, and a depth error before either', () => {
    const code = (text: string): string | undefined => {
      try {
        parseText(text, 'e.json', { maxDepth: 3 });
      } catch (error) {
        return (error as ResidencyError).diagnostics[0].code;
      }
      return undefined;
    };
    expect(code('{"a": 1, "a": 2')).toBe('E_PARSE');
    expect(code('{"a": 1, "a": [[[[1]]]]}')).toBe('E_DEPTH');
    expect(code('{"a": "[[[[[", "b": {"c": [1]}}')).toBeUndefined();
    expect(code('{"a": [[[1]]]}')).toBe('E_DEPTH');
  });

  it('applies the depth limit by the pre-scan rules (strings end at a quote or newline, # comments)', () => {
    // reference: the documented rules of the pre-parse depth check
    const reference = (text: string, max: number): number => {
      let depth = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          let j = i + 1;
          while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
          if (j >= text.length) return -1;
          i = j;
        } else if (c === '[' || c === '{') {
          if (++depth > max) return i;
        } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
        else if (c === '#' && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
          const nl = text.indexOf('\n', i);
          if (nl === -1) return -1;
          i = nl;
        }
      }
      return -1;
    };
    const alphabet = ['[', ']', '{', '}', '"', '\\', '\n', '#', ' ', 'a', ','];
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const text = Array.from(
        { length: 1 + Math.floor(r() * 40) },
        () => alphabet[Math.floor(r() * alphabet.length)],
      ).join('');
      const at = reference(text, 3);
      let caught: ResidencyError | undefined;
      try {
        parseText(text, 's.json', { format: 'json', maxDepth: 3 });
      } catch (error) {
        caught = error as ResidencyError;
      }
      const depth = caught?.diagnostics[0].code === 'E_DEPTH' ? caught.diagnostics[0] : undefined;
      if (at === -1) expect(depth, JSON.stringify(text)).toBeUndefined();
      else {
        expect(depth, JSON.stringify(text)).toBeDefined();
        const p = new LineIndex(text).position(at);
        expect({ line: depth?.line, column: depth?.column }, JSON.stringify(text)).toEqual(p);
      }
      expect(caught === undefined || caught instanceof ResidencyError).toBe(true);
    }
  });
});
