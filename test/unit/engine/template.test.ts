import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/engine/compile.js';
import type { FactSet } from '../../../src/enrich/types.js';
import { englishList, formatNumber, indefiniteArticle } from '../../../src/util/text.js';

/**
 * The template renderer as it was written before it built its text in one pass (text so far grown with `+=`, its
 * end read with endsWith and a regular expression): the one-pass renderer must write the same text for any template.
 */
function reference(template: string, facts: Record<string, Record<string, unknown>>): string {
  const render = (value: unknown): string => {
    if (value === undefined || value === null) return 'unknown';
    if (Array.isArray(value)) return value.length === 0 ? 'none' : englishList(value.map(render));
    if (typeof value === 'number') return formatNumber(value);
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  const parts: (string | { path: string })[] = [];
  const re = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index), { path: m[1] });
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += out.endsWith('.') && p.startsWith('.') && !p.startsWith('..') ? p.slice(1) : p;
      continue;
    }
    const [root, key] = p.path.split('.');
    const value = render(facts[root]?.[key]);
    if (/(?:^|[\s(])[aA] $/.test(out) && indefiniteArticle(value) === 'an') out = `${out.slice(0, -1)}n `;
    out += value;
  }
  return out;
}

// pieces chosen to hit the full-stop and article cases: values ending a sentence, `a `/`A ` before a value, short
// literals (the end of the text then lies in the value before them), ellipses, empty parts
const literal = fc.constantFrom(
  ...'|.|..|...|. |.x|a |A | a |(a |(A |xa |is a |hold a |, | (|).|z| |an |to '.split('|'),
);
const value = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    'Foo Inc.',
    'object-storage',
    'FCC list',
    'US person',
    'a',
    'A',
    'hour',
    'unit',
    'x.',
    'é→',
    'a ',
    ' ',
    'Umbrella',
    'S3 bucket',
  ),
  fc.array(fc.constantFrom('apple', 'X, Ltd', 'b.', ''), { maxLength: 3 }),
  fc.constantFrom(0, 1, 250000, 1.5),
  fc.constant(undefined),
);

describe('message templates', () => {
  it('render as the text-so-far renderer did, whatever the literals and values around each placeholder', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(literal, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.array(value, { minLength: 4, maxLength: 4 }),
        (chunks, values) => {
          let template = '';
          chunks.forEach(([text, placeholder], i) => {
            template += text;
            if (placeholder) template += `{{vendor.f${i % 4}}}`;
          });
          const facts = { vendor: Object.fromEntries(values.map((v, i) => [`f${i}`, v])) };
          expect(compileTemplate(template)(facts as unknown as FactSet)).toBe(reference(template, facts));
        },
      ),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('fit the article and drop a doubled full stop (examples)', () => {
    const facts = { vendor: { name: 'Foo Inc.', kind: 'object-storage', none: '' } } as unknown as FactSet;
    expect(compileTemplate('{{vendor.name}}.')(facts)).toBe('Foo Inc.');
    expect(compileTemplate('{{vendor.name}}...')(facts)).toBe('Foo Inc....');
    expect(
      compileTemplate('{{vendor.none}}{{vendor.dot}}.')({ vendor: { dot: '.', none: '' } } as unknown as FactSet),
    ).toBe('.');
    expect(compileTemplate('a {{vendor.kind}}')(facts)).toBe('an object-storage');
    expect(compileTemplate('is a{{vendor.none}} {{vendor.kind}}')(facts)).toBe('is an object-storage');
    expect(compileTemplate('(A {{vendor.kind}})')(facts)).toBe('(An object-storage)');
  });
});
