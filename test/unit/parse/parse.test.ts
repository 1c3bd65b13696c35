import { describe, expect, it } from 'vitest';
import { ResidencyError } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';

const yaml = `apiVersion: residency/v1
kind: Inventory
vendors:
  - id: a
    services:
      - id: s1
        provider: aws
      - { id: s2, provider: gcp }
`;

describe('parseText', () => {
  it('locates YAML values and keys (1-based)', () => {
    const doc = parseText(yaml, 'inv.yaml');
    expect(doc.locate('/vendors/0')).toEqual({ line: 4, column: 5 });
    expect(doc.locate('/vendors/0/services/0/provider')).toEqual({ line: 7, column: 19 });
    expect(doc.locate('/vendors/0/services/0/provider', true)).toEqual({ line: 7, column: 9 });
    expect(doc.locate('/vendors/0/services/1')).toEqual({ line: 8, column: 9 });
    expect(doc.locate('/vendors/9')).toBeUndefined();
  });

  it('locates JSON values the same way, lazily', () => {
    const json = JSON.stringify(doc0(), null, 2);
    const doc = parseText(json, 'inv.json');
    expect(doc.format).toBe('json');
    // "vendors": [ is on line 3, the first vendor object opens on line 4 col 5
    expect(doc.locate('/vendors/0')).toEqual({ line: 4, column: 5 });
    expect(doc.locate('/vendors/0/services/1/provider')).toEqual({ line: 13, column: 23 });
    expect(doc.locate('/vendors/0/services/1/provider', true)).toEqual({ line: 13, column: 11 });
    expect(doc.locate('/a~1b')).toEqual({ line: 18, column: 10 });
    expect(doc.locate('/vendors/0/services/7')).toBeUndefined();
  });

  it('keeps positions right with CRLF line endings and a BOM', () => {
    const doc = parseText(`\ufeff${yaml.replace(/\n/g, '\r\n')}`, 'crlf.yaml');
    expect(doc.locate('/vendors/0/services/0/provider')).toEqual({ line: 7, column: 19 });
  });

  it('refuses alias bombs, duplicate keys, custom tags and empty files with located errors', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    const cases: [string, string][] = [
      [bomb.join('\n'), 'E_ALIAS_LIMIT'],
      ['a: 1\na: 2\n', 'E_DUPLICATE_KEY'],
      ['a: !!js/function "function(){}"\n', 'E_PARSE'],
      ['   \n', 'E_EMPTY'],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'E_DEPTH'],
    ];
    for (const [text, code] of cases) {
      let caught: unknown;
      try {
        parseText(text, 'bad.yaml');
      } catch (error) {
        caught = error;
      }
      expect(caught, code).toBeInstanceOf(ResidencyError);
      const d = (caught as ResidencyError).diagnostics[0];
      expect(d.code).toBe(code);
      expect(d.file).toBe('bad.yaml');
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});

function doc0() {
  return {
    apiVersion: 'residency/v1',
    vendors: [
      {
        id: 'a',
        services: [
          { id: 's1', provider: 'aws' },
          {
            id: 's2',
            provider: 'gcp',
          },
        ],
      },
    ],
    'a/b': 1,
  };
}
