/**
 * formatNumber writes integers itself (a ~1 µs call of the shared Intl formatter showed in profiles) and must write
 * exactly what `n.toLocaleString('en-US')` writes for every number: the formatter is the oracle.
 */
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/util/text.js';

const oracle = (n: number): string => n.toLocaleString('en-US');

describe('formatNumber', () => {
  it('groups the digits of an integer in threes, as the en-US formatter does', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(43579)).toBe('43,579');
    expect(formatNumber(250000)).toBe('250,000');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1000)).toBe('-1,000');
    expect(formatNumber(-999)).toBe('-999');
  });

  it('writes the edges of the integers it formats itself, and every other number, as the formatter does', () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      999,
      1000,
      -1000,
      9999,
      10000,
      99999,
      100000,
      999999,
      1000000,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      2 ** 60,
      1e21,
      1.5,
      -1.5,
      0.1,
      1234.5678,
      1e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    for (const n of edges) expect(formatNumber(n), String(n)).toBe(oracle(n));
  });

  it('agrees with the formatter on integers of every length and sign, and on fractions of them', () => {
    const values: number[] = [];
    for (let digits = 1; digits <= 16; digits++) {
      // the smallest and largest of that many digits, and two with every digit in play
      const mixed = [
        10 ** (digits - 1),
        10 ** digits - 1,
        Number('9876543210123456'.slice(0, digits)),
        Number('1029384756473829'.slice(0, digits)),
      ];
      for (const n of mixed) values.push(n, -n, n + 0.25, -n - 0.5);
    }
    for (const n of values) expect(formatNumber(n), String(n)).toBe(oracle(n));
  });
});
