import { describe, expect, it } from 'vitest';
import { parseReadText } from '../../../src/adapters/parse-input.js';
import { checkYamlHeap, YAML_HEAP_FACTOR, yamlOtherWay } from '../../../src/adapters/perf.js';
import { ResidencyError } from '../../../src/model/errors.js';

/** The error a call throws (undefined when it returns). */
function thrown(f: () => unknown): ResidencyError | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof ResidencyError) return error;
    throw error;
  }
}

describe('checkYamlHeap', () => {
  it('refuses a YAML text whose parse would not fit in the heap, naming its size, the heap and what to do', () => {
    const text = `a: ${'x'.repeat(1021)}\n`; // 1,025 bytes
    expect(
      thrown(() => checkYamlHeap(text, 'w.yaml', { heapLimit: 1025 * YAML_HEAP_FACTOR, heapUsed: 0 })),
    ).toBeUndefined();
    const error = thrown(() => checkYamlHeap(text, 'w.yaml', { heapLimit: 1025 * YAML_HEAP_FACTOR - 1, heapUsed: 0 }));
    expect(error?.code).toBe('E_TOO_LARGE');
    const [d] = error?.diagnostics ?? [];
    expect(d.file).toBe('w.yaml');
    expect(d.message).toMatch(
      /^1\.0 KiB of YAML needs about 96\.1 KiB of heap to parse, over the 96\.1 KiB left of this process's heap limit of 96\.1 KiB$/,
    );
    expect(d.hint).toMatch(
      /^Raise the heap limit, e\.g\. NODE_OPTIONS=--max-old-space-size=\d+ residency check …; or /,
    );
  });

  it('counts what the heap holds already as not there for the parse', () => {
    const text = 'a: 1\n'.repeat(100); // 500 bytes
    const heapLimit = 500 * YAML_HEAP_FACTOR + 10_000;
    expect(thrown(() => checkYamlHeap(text, 'c.yaml', { heapLimit, heapUsed: 10_000 }))).toBeUndefined();
    const error = thrown(() => checkYamlHeap(text, 'c.yaml', { heapLimit, heapUsed: 10_001 }));
    expect(error?.diagnostics[0].message).toContain("over the 46.9 KiB left of this process's heap limit of 56.6 KiB");
  });

  it('counts bytes, as the size of a file is counted before it is read', () => {
    // 512 characters, 1,024 bytes of UTF-8
    const text = 'é'.repeat(512);
    expect(thrown(() => checkYamlHeap(text, 'a.yaml', { heapLimit: 1023 * YAML_HEAP_FACTOR, heapUsed: 0 }))?.code).toBe(
      'E_TOO_LARGE',
    );
    expect(
      thrown(() => checkYamlHeap(text, 'a.yaml', { heapLimit: 1024 * YAML_HEAP_FACTOR, heapUsed: 0 })),
    ).toBeUndefined();
  });

  it('names the command and the other way it is given', () => {
    const error = thrown(() =>
      checkYamlHeap('a: 1', 'x.yaml', { heapLimit: 1, heapUsed: 0, command: 'validate', otherWay: 'or not' }),
    );
    expect(error?.diagnostics[0].hint).toMatch(/ residency validate …; or not$/);
  });
});

describe('yamlOtherWay', () => {
  it('suggests JSON in the form that fits where the text came from', () => {
    expect(yamlOtherWay('<stdin>', true)).toContain('pipe it as JSON');
    expect(yamlOtherWay('inventory.txt', true)).toContain('residency import inventory.txt --out NAME.json');
    expect(yamlOtherWay('rules.yaml', false)).toContain('write it as JSON');
  });
});

describe('parseReadText', () => {
  const small = { heapLimit: 64 * YAML_HEAP_FACTOR, heapUsed: 0 };
  const long = `vendors:\n${'  - id: v\n'.repeat(20)}`; // 208 bytes

  it('refuses YAML too large for the heap before parsing it: not even its syntax error is reported', () => {
    const broken = `${long}  - [unclosed\n`;
    expect(thrown(() => parseReadText(broken, 'inv.txt', small))?.code).toBe('E_TOO_LARGE');
    // with room for it, the same text is parsed, and its syntax error is the answer
    expect(thrown(() => parseReadText(broken, 'inv.txt'))?.code).toBe('E_PARSE');
  });

  it('tells YAML by the format given, else by the name, else by the first character', () => {
    expect(thrown(() => parseReadText(long, 'inv', small))?.code).toBe('E_TOO_LARGE');
    expect(thrown(() => parseReadText(long, '<stdin>', small))?.diagnostics[0].hint).toContain('pipe it as JSON');
    expect(thrown(() => parseReadText(long, 'inv', { ...small, inventory: true }))?.diagnostics[0].hint).toContain(
      'residency import inv --out NAME.json',
    );
    // JSON is not refused by this guard (it needs a sixth of the heap; checkCapacity and the counts judge it)
    const json = JSON.stringify({ vendors: Array.from({ length: 20 }, () => ({ id: 'v' })) });
    expect(json.length).toBeGreaterThan(64);
    expect(parseReadText(json, 'inv', small).data).toEqual(JSON.parse(json));
    expect(parseReadText(`\uFEFF${json}`, 'inv', small).format).toBe('json');
    // a name that says JSON is read as JSON, whatever it holds
    expect(thrown(() => parseReadText(long, 'inv.json', small))?.code).toBe('E_PARSE');
    // and an empty text is the parser's to report
    expect(thrown(() => parseReadText('  \n', 'inv.yaml', { heapLimit: 1, heapUsed: 0 }))?.code).toBe('E_EMPTY');
  });

  it('parses YAML that fits, as parseText does', () => {
    const doc = parseReadText('a: 1\nb: [x]\n', 'c.yaml', small);
    expect(doc.data).toEqual({ a: 1, b: ['x'] });
    expect(doc.format).toBe('yaml');
  });
});
