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
