import { promises as fs } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { ResidencyError } from '../model/errors.js';
import { PIPELINE_STAGES } from '../model/stages.js';
import { formatBytes } from './files.js';

/** The stages `--timings` reports, in order: reading the inputs, the pure pipeline's stages, formatting, writing. */
export const STAGES = ['load', ...PIPELINE_STAGES, 'format', 'write'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageTimer {
  /** Record the end of `stage` (the time since the previous mark). */
  mark(stage: Stage): void;
  /** One line per stage and a total, for standard error. */
  summary(): string;
}

/** Whether per-stage timings are wanted: `--timings`, or `DEBUG` naming `residency:perf` (or `residency:*`, `*`). */
export function timingsWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag) return true;
  const debug = env.DEBUG ?? '';
  return debug
    .split(/[\s,]+/)
    .some((pattern) => pattern === 'residency:perf' || pattern === 'residency:*' || pattern === '*');
}

export function createStageTimer(
  now: () => number = () => performance.now(),
  heapUsed: () => number = () => process.memoryUsage().heapUsed,
): StageTimer {
  const start = now();
  let last = start;
  const stages: { stage: string; ms: number; heap: number }[] = [];
  return {
    mark(stage) {
      const t = now();
      stages.push({ stage, ms: t - last, heap: heapUsed() });
      last = t;
    },
    summary() {
      const total = last - start;
      const width = Math.max(5, ...stages.map((s) => s.stage.length));
      // the JS heap in use at the end of each stage: what is still live (and what the GC walks)
      const lines = stages.map(
        (s) =>
          `residency:perf ${s.stage.padEnd(width)} ${s.ms.toFixed(1).padStart(9)} ms  heap ${formatBytes(s.heap).padStart(10)}`,
      );
      lines.push(`residency:perf ${'total'.padEnd(width)} ${total.toFixed(1).padStart(9)} ms`);
      const rss = process.resourceUsage().maxRSS * 1024;
      lines.push(`residency:perf ${'peak'.padEnd(width)} ${formatBytes(rss).padStart(12)} RSS`);
      return `${lines.join('\n')}\n`;
    },
  };
}

export interface Progress {
  /** Show what the run is doing now (replaces the previous message). */
  update(message: string): void;
  /** Erase the progress line. */
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

/**
 * A one-line progress indicator on standard error, only when it is a terminal and `CI` is unset.
 * It never writes to standard output, so machine output is never touched.
 */
export function createProgress(
  stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Progress {
  if (!stream.isTTY || env.CI !== undefined) return SILENT;
  let shown = false;
  return {
    update(message) {
      stream.write(`\r\x1b[2K${message}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Bytes of heap per byte of input (measured peak RSS / input size, rounded up; see docs/performance.md). */
export const JSON_HEAP_FACTOR = 16;
/**
 * For commands that only parse and check JSON documents (validate, diff): measured 557 MiB peak RSS for `validate`
 * of a 79 MB (100k-vendor, minified) inventory, i.e. 7× its size including Node itself; 8× kept. (verify builds the
 * canonical form of the whole report as well: 2.4 GiB for a 171 MB report, so it keeps JSON_HEAP_FACTOR.)
 */
export const PARSE_HEAP_FACTOR = 8;
export const YAML_HEAP_FACTOR = 96;

/** V8's maximum string length (2^29 − 24 UTF-16 code units on 64-bit builds). */
export const MAX_STRING_LENGTH = 0x1fffffe8;

/**
 * Returns the total size of the input files. Before reading: refuse inputs that cannot fit in one JavaScript string, or whose parsed form would not
 * fit in the heap, with a message naming the limit and how to raise it (instead of a V8 out-of-memory
 * crash part-way through). `heapFactor`: bytes of heap per byte of input the pipeline needs (measured).
 */
export async function checkCapacity(
  files: readonly string[],
  options: {
    heapLimit?: number;
    heapFactor?: number;
    /** Bytes of heap per byte of JSON input, for commands lighter than check (default JSON_HEAP_FACTOR). */
    jsonHeapFactor?: number;
    maxBytes?: number;
    command?: string;
  } = {},
): Promise<number> {
  const heapLimit = options.heapLimit ?? getHeapStatistics().heap_size_limit;
  // measured: 100k vendors, 140 MiB of JSON → 1.3–1.7 GiB peak RSS with the full rule pack and a JSON report
  // (2.2–2.6 GiB before the streamed report; 16× is kept as the margin);
  // YAML keeps the yaml library's node tree: 10k vendors, 9.4 MiB of YAML → 870 MiB (the `yaml` library's
  // parse alone: 624 MiB), and 100k vendors of YAML (95 MiB) ran out of a 4 GiB heap.
  const factorOf = (file: string): number =>
    options.heapFactor ?? (/\.ya?ml$/i.test(file) ? YAML_HEAP_FACTOR : (options.jsonHeapFactor ?? JSON_HEAP_FACTOR));
  let total = 0;
  let needed = 0;
  const sizes: { file: string; size: number }[] = [];
  for (const file of files) {
    if (file === '-') continue;
    try {
      const stat = await fs.stat(file);
      // not a file, or over --max-input-size: the reader refuses it with its own message
      if (!stat.isFile() || (options.maxBytes !== undefined && stat.size > options.maxBytes)) continue;
      sizes.push({ file, size: stat.size });
      total += stat.size;
      needed += stat.size * factorOf(file);
    } catch {
      // unreadable files are reported by the reader, with their own message
    }
  }
  for (const { file, size } of sizes) {
    if (size > MAX_STRING_LENGTH) {
      throw new ResidencyError('E_TOO_LARGE', `${file}: too large for one JavaScript string`, [
        {
          code: 'E_TOO_LARGE',
          severity: 'error',
          file,
          message: `is ${formatBytes(size)}, over Node's maximum string length of ${formatBytes(MAX_STRING_LENGTH)}, so it cannot be parsed as one document`,
          hint: 'Split the vendors across several inventory files (residency check a.json b.json … merges them)',
        },
      ]);
    }
  }
  if (needed > heapLimit) {
    const suggestMb = Math.ceil((needed * 1.25) / 1024 / 1024 / 256) * 256;
    const first = sizes[0];
    throw new ResidencyError('E_TOO_LARGE', 'inputs too large for the JavaScript heap', [
      {
        code: 'E_TOO_LARGE',
        severity: 'error',
        file: first?.file,
        message: `${formatBytes(total)} of input needs about ${formatBytes(needed)} of heap, over this process's heap limit of ${formatBytes(heapLimit)}`,
        hint: `Raise the heap limit, e.g. NODE_OPTIONS=--max-old-space-size=${suggestMb} residency ${options.command ?? 'check'} …`,
      },
    ]);
  }
  return total;
}
