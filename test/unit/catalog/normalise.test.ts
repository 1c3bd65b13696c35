import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../../src/catalog/build.js';

/** The normalisation as specified: NFKC, lower case, quotes and punctuation as spaces, one space between words. */
function specified(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,()«»"“”'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('normaliseName', () => {
  it('lower-cases a plain name and collapses punctuation and spacing', () => {
    expect(normaliseName('Aperture Analytics 0 Ltd')).toBe('aperture analytics 0 ltd');
    expect(normaliseName(' Alibaba  Group (Holding) Ltd. ')).toBe('alibaba group holding ltd');
    expect(normaliseName('ＡＣＭＥ\tCorp')).toBe('acme corp');
  });

  it('gives the specified form for names mixing plain and special characters (plain names take a shortcut)', () => {
    const alphabet = ['a', 'Z', '0', '&', '+', '/', '_', '-', ' ', '  ', '.', ',', '(', '\t', 'é', 'ﬁ', '’', 'İ', 'K'];
    // a fixed linear congruential sequence: the same names on every run
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let plain = 0;
    for (let i = 0; i < 20000; i++) {
      let name = '';
      for (let j = next(7); j > 0; j--) name += alphabet[next(alphabet.length)];
      if (/^[A-Za-z0-9&+/_ -]+$/.test(name)) plain++;
      expect(normaliseName(name), JSON.stringify(name)).toBe(specified(name));
    }
    expect(plain).toBeGreaterThan(1000);
  });
});
