import { describe, expect, it, vi } from 'vitest';

// the V8 flags set, in order (the real setFlagsFromString would change this test process's collector)
const set = vi.hoisted(() => [] as string[]);
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString: (flag: string) => {
    set.push(flag);
  },
}));

const { HEAP_GROWING_PERCENT, PARSE_HEAP_GROWING_PERCENT, parsingHeap } = await import('../../../src/adapters/heap.js');

describe('parsingHeap: a parse runs with its own growth factor', () => {
  it('sets the parse factor for the parse only, then the run factor again', () => {
    set.length = 0;
    expect(parsingHeap(() => set.length, [])).toBe(1);
    expect(set).toEqual([
      `--heap-growing-percent=${PARSE_HEAP_GROWING_PERCENT}`,
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ]);
    expect(PARSE_HEAP_GROWING_PERCENT).not.toBe(HEAP_GROWING_PERCENT);
  });

  it('sets the run factor again when the parse throws', () => {
    set.length = 0;
    expect(() =>
      parsingHeap(() => {
        throw new Error('bad YAML');
      }, []),
    ).toThrow('bad YAML');
    expect(set.at(-1)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it("leaves node's own --heap-growing-percent alone", () => {
    set.length = 0;
    expect(parsingHeap(() => 'parsed', ['--heap-growing-percent=300'])).toBe('parsed');
    expect(set).toEqual([]);
  });
});
