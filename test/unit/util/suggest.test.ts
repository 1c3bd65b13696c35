import { describe, expect, it } from 'vitest';
import { pushAll } from '../../../src/util/arrays.js';
import { didYouMean, Suggester } from '../../../src/util/suggest.js';

const ids = Array.from({ length: 500 }, (_, i) => `vendor-${String(i).padStart(4, '0')}`);

describe('Suggester (one large candidate set, many unknown words)', () => {
  it('gives the same answers as didYouMean', () => {
    const suggester = new Suggester(ids);
    for (const word of [
      'vendor-0012',
      'vendr-0012',
      'vendor-00x2',
      'VENDOR-0499',
      'nothing-like-it',
      'vendor-04',
      'ab',
    ])
      expect(suggester.suggest(word)).toBe(didYouMean(word, ids));
  });

  it('compares at most its budget of candidates in all, so many unknown words stay linear', () => {
    // budget for exactly three words against 500 candidates: the fourth distinct word gets no suggestion
    const suggester = new Suggester(ids, 3 * ids.length);
    expect(suggester.suggest('vendor-001x')).toBe('vendor-0010');
    expect(suggester.suggest('vendor-002x')).toBe('vendor-0020');
    expect(suggester.suggest('vendor-001x')).toBe('vendor-0010'); // asked again: kept, costs nothing
    expect(suggester.suggest('vendor-003x')).toBe('vendor-0030');
    expect(suggester.suggest('vendor-004x')).toBeUndefined();
    expect(didYouMean('vendor-004x', ids)).toBe('vendor-0040');
  });
});

describe('pushAll', () => {
  it('appends more items than a spread call can take as arguments', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    const target = [-1];
    expect(() => target.push(...many)).toThrow(RangeError);
    target.length = 1;
    expect(pushAll(target, many)).toBe(target);
    expect(target.length).toBe(300_001);
    expect(target[300_000]).toBe(299_999);
  });
});
