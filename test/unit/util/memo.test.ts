import { describe, expect, it } from 'vitest';
import { cached, lastOf } from '../../../src/util/memo.js';

describe('lastOf', () => {
  it('makes once per run of the same argument, again for another one', () => {
    const made: object[] = [];
    const ref = lastOf((key: object) => {
      made.push(key);
      return { of: key };
    });
    const a = {};
    const b = {};
    const first = ref(a);
    expect(ref(a)).toBe(first);
    expect(ref(b)).not.toBe(first);
    expect(ref(b)).toEqual({ of: b });
    // only the last argument is remembered
    expect(ref(a)).not.toBe(first);
    expect(made).toEqual([a, b, a]);
  });
});

describe('cached', () => {
  it('keeps the first value made for a key and makes nothing for a key it holds', () => {
    const cache = new Map<string, string[]>();
    let calls = 0;
    const make = (): string[] => {
      calls++;
      return ['x'];
    };
    const one = cached(cache, 'k', make);
    expect(cached(cache, 'k', make)).toBe(one);
    expect(calls).toBe(1);
    expect(cached(cache, 'other', make)).not.toBe(one);
    expect(calls).toBe(2);
    expect([...cache.keys()]).toEqual(['k', 'other']);
  });

  it('empties a cache that holds `limit` values before it keeps another, and keeps a null', () => {
    const cache = new Map<string, string | null>();
    const make = (key: string) => () => (key === 'none' ? null : key.toUpperCase());
    for (const key of ['a', 'none']) cached(cache, key, make(key), 2);
    expect([...cache.entries()]).toEqual([
      ['a', 'A'],
      ['none', null],
    ]);
    // a key it holds makes nothing and empties nothing
    expect(cached(cache, 'none', () => 'made', 2)).toBeNull();
    expect(cache.size).toBe(2);
    // the third key empties it first
    expect(cached(cache, 'b', make('b'), 2)).toBe('B');
    expect([...cache.entries()]).toEqual([['b', 'B']]);
  });
});
