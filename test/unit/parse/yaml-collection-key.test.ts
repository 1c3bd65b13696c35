import { describe, expect, it } from 'vitest';
import type { ResidencyError } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';

/** The located error parseText gives for a YAML text (undefined when it parses). */
function errorOf(text: string): { code: string; line?: number; column?: number } | undefined {
  try {
    parseText(text, 'inv.yaml');
    return undefined;
  } catch (error) {
    const d = (error as ResidencyError).diagnostics[0];
    return { code: d.code, line: d.line, column: d.column };
  }
}

describe('YAML: a list or map used as a key', () => {
  it('is refused at the first such key in document order, however deep', () => {
    const text = [
      'apiVersion: residency/v1',
      'vendors:',
      '  - id: a',
      '    services:',
      '      - id: s',
      '        tags:',
      '          ? [x, y]',
      '          : 1',
      '  - id: b',
      '    ? {k: v}',
      '    : 2',
      '',
    ].join('\n');
    expect(errorOf(text)).toEqual({ code: 'E_PARSE', line: 7, column: 13 });
  });

  it('finds a key that is a map inside a flow collection and a key inside a key-value pair of a list item', () => {
    expect(errorOf('a: [1, {b: 2}, {? {c: 1} : 3}]\n')).toMatchObject({ code: 'E_PARSE', line: 1 });
    expect(errorOf('- - ? [1]\n    : x\n')).toEqual({ code: 'E_PARSE', line: 1, column: 7 });
  });

  it('accepts scalar keys, aliases and anchors', () => {
    expect(errorOf('a: &x [1, 2]\nb: *x\n"c d": {e: f}\n1: one\n')).toBeUndefined();
  });
});

describe('YAML: nesting too deep for the data (block style, aliases)', () => {
  const errorAt = (text: string, maxDepth: number) => {
    try {
      parseText(text, 'inv.yaml', { maxDepth });
      return undefined;
    } catch (error) {
      return (error as ResidencyError).diagnostics[0].code;
    }
  };

  it('refuses block lists one level deeper than the limit, and accepts them at the limit', () => {
    expect(errorAt(`${'- '.repeat(5)}x\n`, 5)).toBeUndefined();
    expect(errorAt(`${'- '.repeat(6)}x\n`, 5)).toBe('E_DEPTH');
    expect(errorAt('a:\n  b:\n    c:\n      d:\n        e: 1\n', 5)).toBeUndefined();
    expect(errorAt('a:\n  b:\n    c:\n      d:\n        e:\n          f: 1\n', 5)).toBe('E_DEPTH');
  });

  it('counts what an alias repeats at the depth it is used, though no node of the document is that deep', () => {
    // the anchored list is 3 deep and used 2 deep: the data nests 5 lists inside the root map
    expect(errorAt('a: &x [[[1]]]\nb: [[*x]]\n', 6)).toBeUndefined();
    expect(errorAt('a: &x [[[1]]]\nb: [[*x]]\n', 5)).toBe('E_DEPTH');
  });
});
