import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spliceLists } from '../../../src/util/json-pieces.js';

const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '[', ']', ':', '—', '😀', '\ud800') });
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const item = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(text, leaf, { maxKeys: 3 }));

describe('spliceLists', () => {
  it('gives JSON.stringify(doc, null, 2) of the whole document, for lists at any depth, empty or not', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 5 }),
        fc.array(item, { maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.dictionary(text, leaf, { maxKeys: 3 }),
        (first, second, depth, other) => {
          // two lists, `a` at the top and `b` inside `depth` objects, with other members around them
          let inner: Record<string, unknown> = { ...other, b: second, z: other };
          for (let d = 0; d < depth; d++) inner = { [`level${d}`]: inner, after: d };
          const doc = { before: other, a: first, inner };
          let emptied: Record<string, unknown> = { ...other, b: [], z: other };
          for (let d = 0; d < depth; d++) emptied = { [`level${d}`]: emptied, after: d };
          const pieces = [
            ...spliceLists(JSON.stringify({ before: other, a: [], inner: emptied }, null, 2), [
              { key: 'a', length: first.length, at: (i) => first[i] },
              { key: 'b', length: second.length, at: (i) => second[i] },
            ]),
          ];
          expect(pieces.join('')).toBe(JSON.stringify(doc, null, 2));
          // a piece per item at least: no item shares a piece with another
          expect(pieces.length).toBeGreaterThanOrEqual(first.length + second.length);
        },
      ),
      { seed: 16_005, numRuns: 1000 },
    );
  });

  it('refuses a list the text does not hold', () => {
    expect(() => [...spliceLists('{\n  "a": [\n    1\n  ]\n}', [{ key: 'a', length: 0, at: () => 0 }])]).toThrow(
      RangeError,
    );
  });
});
