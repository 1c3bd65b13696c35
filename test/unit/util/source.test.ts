import { describe, expect, it } from 'vitest';
import { SourceValues } from '../../../src/util/source.js';

describe('SourceValues', () => {
  it('names each value in order and passes it in, never into the source', () => {
    const values = new SourceValues();
    // a value that would be code if it were written into the source
    const text = "'); throw new Error('ran'); ('";
    const a = values.name(text);
    const b = values.name((x: number) => x * 2);
    expect([a, b]).toEqual(['c0', 'c1']);
    const f = values.compile<(x: number) => [string, number]>(`return (x) => [${a}, ${b}(x)];`);
    expect(f(21)).toEqual([text, 42]);
  });

  it('gives the same value twice two names, each bound to it', () => {
    const values = new SourceValues();
    const set = new Set(['CN']);
    const first = values.name(set);
    const second = values.name(set);
    expect(first).not.toBe(second);
    const f = values.compile<() => boolean>(`return () => ${first} === ${second} && ${first}.has('CN');`);
    expect(f()).toBe(true);
  });
});
