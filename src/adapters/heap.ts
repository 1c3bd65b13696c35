import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full garbage collection left live before it runs
 * the next one: 75 % (1.75 times the live size).
 *
 * V8 chooses this factor itself after each full collection, between 1.1 and 4 on a machine with a large heap
 * (`MemoryController::GrowingFactor` in V8's src/heap/heap-controller.cc: the larger the heap may grow and the
 * faster the program allocates compared with how fast the collector marks, the larger the factor). `check` makes
 * most of what it keeps (enriched facts, findings, the report) in one burst after reading, so V8 chose ~4: at 100k
 * vendors the heap went from ~190 MiB to ~670 MiB with no full collection in between, and the peak resident memory
 * was set by garbage never collected rather than by what was live (measured in docs/performance-history.md, "Pass 9: the
 * garbage collector's growth factor"). A fixed factor of 2 bounds the peak by twice the live data on every
 * machine, for the cost of one or two more full collections per run. It was 100 % (Go's GOGC=100) until pass 21,
 * which took what the findings held down (their messages) and measured 75 % against it: 8–14 % lower peaks where the
 * live data is small beside the peak (100k `deep` 515–539 → 492–495 MiB, pretty 812 → 752, `chains` 847–854 →
 * 760–782), the same peak where the live data is the peak (`bulk`, `holdings`, `lattice`), for 0–8 % more CPU.
 * A YAML parse keeps 100 % (`parsingHeap`).
 */
export const HEAP_GROWING_PERCENT = 75;

const FLAG = /^--heap[-_]growing[-_]percent(?:=|$)/;

/**
 * The V8 flags to set at start-up: none when node was started with its own `--heap-growing-percent` (among
 * `process.execArgv`; node refuses it in NODE_OPTIONS), so `node --heap-growing-percent=0 …/residency …` gives back
 * V8's own choice and any other value is the user's.
 */
export function heapFlags(execArgv: readonly string[], percent = HEAP_GROWING_PERCENT): string[] {
  return execArgv.some((arg) => FLAG.test(arg)) ? [] : [`--heap-growing-percent=${percent}`];
}

/** Set the flags of `heapFlags` in this process (V8 reads the factor at each full collection, so any time will do). */
export function tuneHeap(execArgv: readonly string[] = process.execArgv, percent = HEAP_GROWING_PERCENT): void {
  for (const flag of heapFlags(execArgv, percent)) setFlagsFromString(flag);
}

/**
 * The factor while a text that may be YAML is parsed: 100 % (twice the live size). The `yaml` library makes much
 * garbage that dies young, and a tighter factor only adds full collections there: 1.75 cost 3–10 % of a 10k YAML
 * check for no lower peak (docs/performance-history.md, "Pass 21").
 */
export const PARSE_HEAP_GROWING_PERCENT = 100;

/**
 * `parse()` run with the heap's growth factor at PARSE_HEAP_GROWING_PERCENT, then HEAP_GROWING_PERCENT again; left
 * alone when node was started with its own `--heap-growing-percent`.
 */
export function parsingHeap<T>(parse: () => T, execArgv: readonly string[] = process.execArgv): T {
  tuneHeap(execArgv, PARSE_HEAP_GROWING_PERCENT);
  try {
    return parse();
  } finally {
    tuneHeap(execArgv);
  }
}
