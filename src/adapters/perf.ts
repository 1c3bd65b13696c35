import { promises as fs } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { ResidencyError } from '../model/errors.js';
import { PIPELINE_STAGES, type PipelineStage } from '../model/stages.js';
import { formatBytes, formatNumber } from '../util/text.js';

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

/**
 * Bytes of heap per byte of input (measured peak RSS / input size, rounded up; see docs/performance.md), for
 * commands that refuse from the file size alone (import). `check` refuses from the file size only what it
 * cannot read and parse (PARSE_HEAP_FACTOR), then from the inventory's counts (checkInventoryHeap) and from the
 * heap it really holds after enrichment (createHeapGuard).
 */
export const JSON_HEAP_FACTOR = 16;
/**
 * For reading and parsing JSON documents (check before reading, validate, diff, verify): measured 557 MiB peak RSS for
 * `validate` of a 79 MB (100k-vendor, minified) inventory before it ran the enrichment, i.e. 7× its size including
 * Node itself; 8× kept. `verify` (canonical form included) peaks at ~5.5× the size of a 188 MB report, `diff` below 3×
 * of two.
 */
export const PARSE_HEAP_FACTOR = 8;
/**
 * Bytes of heap `check` needs per byte of minified JSON as machines write it, from the estimate after reading
 * (estimateCheckHeap): the bench's 100k vendors, 251k services and 225k data sets in 75.6 MiB come to 10.8. What a
 * refusal before reading asks for (`check`, `validate`): the heap to read and parse is not enough to check, and a
 * hint for that alone sent 1M vendors back twice (pass 15: `--max-old-space-size=7680` before reading, then 10,496
 * after, a minute later). Pretty-printed JSON needs less per byte, so the hint is generous for it.
 */
export const CHECK_HEAP_PER_JSON_BYTE = 11;
export const YAML_HEAP_FACTOR = 96;

/** V8's maximum string length (2^29 − 24 UTF-16 code units on 64-bit builds). */
export const MAX_STRING_LENGTH = 0x1fffffe8;

/** What to do with an input longer than one JavaScript string, by what the command reads. */
function tooLongHint(command = 'check'): string {
  if (command === 'diff' || command === 'verify')
    return `Save the report to a JSON file and give its path: ${command} reads a report file a piece at a time, whatever its size (standard input and YAML are read as one document)`;
  if (command === 'import')
    return 'Split the file, and import the parts together (residency import a.csv b.csv … merges them)';
  return `Split the vendors across several inventory files (residency ${command} a.json b.json … merges them)`;
}

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
    /**
     * Bytes of heap per byte of JSON input that the whole command needs, when more than reading does: what the hint
     * of a refusal asks for, so that raising the limit as it says is enough for what follows the reading.
     */
    jsonHintFactor?: number;
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
  const hintFactorOf = (file: string): number =>
    /\.ya?ml$/i.test(file) ? factorOf(file) : Math.max(factorOf(file), options.jsonHintFactor ?? 0);
  let total = 0;
  let needed = 0;
  let hinted = 0;
  const sizes: { file: string; size: number }[] = [];
  // the input that needs the most heap: where a refusal is located (a re-import's YAML inventory, not the CSV first)
  let largest: { file: string; needs: number } | undefined;
  for (const file of files) {
    if (file === '-') continue;
    try {
      const stat = await fs.stat(file);
      // not a file, or over --max-input-size: the reader refuses it with its own message
      if (!stat.isFile() || (options.maxBytes !== undefined && stat.size > options.maxBytes)) continue;
      sizes.push({ file, size: stat.size });
      total += stat.size;
      const needs = stat.size * factorOf(file);
      needed += needs;
      if (largest === undefined || needs > largest.needs) largest = { file, needs };
      hinted += stat.size * hintFactorOf(file);
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
          hint: tooLongHint(options.command),
        },
      ]);
    }
  }
  if (needed > heapLimit)
    throw tooLarge(
      largest?.file,
      `${formatBytes(total)} of input needs about ${formatBytes(needed)} of heap${hinted > needed ? ` to read, about ${formatBytes(hinted)} to ${options.command ?? 'check'}` : ''}, over this process's heap limit of ${formatBytes(heapLimit)}`,
      hinted,
      options.command,
      largest && options.heapFactor === undefined && /\.ya?ml$/i.test(largest.file)
        ? yamlOtherWay(largest.file, true)
        : undefined,
    );
  return total;
}

/** What the inventories hold, counted from their parsed data (the size of the check's work and live heap). */
export interface InventoryCounts {
  vendors: number;
  services: number;
  /** Data sets of all services (`services[].data[]`). */
  dataSets: number;
}

/** Pure: vendors, services and data sets of a parsed inventory (anything not shaped like one counts nothing). */
export function countInventory(
  data: unknown,
  into: InventoryCounts = { vendors: 0, services: 0, dataSets: 0 },
): InventoryCounts {
  const vendors = (data as { vendors?: unknown } | null)?.vendors;
  if (!Array.isArray(vendors)) return into;
  into.vendors += vendors.length;
  for (const vendor of vendors) {
    const services = (vendor as { services?: unknown } | null)?.services;
    if (!Array.isArray(services)) continue;
    into.services += services.length;
    for (const service of services) {
      const sets = (service as { data?: unknown } | null)?.data;
      if (Array.isArray(sets)) into.dataSets += sets.length;
    }
  }
  return into;
}

/**
 * Heap the check needs per vendor, per service or data set, and per byte of input text (kept to locate findings,
 * plus what parsing leaves), measured with the full pack and a JSON report (docs/performance.md, "Large inputs").
 * Re-measured on 2026-12-03 (pass 14) with `--timings` on every 100k bench shape: 100k vendors, 250k services, 225k
 * data sets in 75.6 MiB of minified JSON hold at most 626 MiB of heap (1.5 GiB when the first constants were set,
 * before passes 6–13); the estimate is 1.1–1.8× the largest heap of every shape whose findings are not its bulk
 * (the least: `unicode`, `chains`, `deep`), and at least 1.08× the heap at the end of enrichment of every shape,
 * `bulk`, `lattice` and `holdings` included, whose findings the guard after enrichment (createHeapGuard) projects.
 * A YAML document keeps the `yaml` library's node tree for locating (10k vendors, 9.4 MiB: 824 MiB peak).
 */
export const HEAP_PER_VENDOR = 2560;
export const HEAP_PER_ITEM = 768;
export const HEAP_PER_TEXT_BYTE = { json: 3, yaml: 64 } as const;

/** Bytes of heap the check of these inputs is expected to need, from their counts and text sizes (pure). */
export function estimateCheckHeap(
  inputs: readonly { counts: InventoryCounts; bytes: number; format: 'json' | 'yaml' }[],
): number {
  let needed = 0;
  for (const { counts, bytes, format } of inputs)
    needed +=
      counts.vendors * HEAP_PER_VENDOR +
      (counts.services + counts.dataSets) * HEAP_PER_ITEM +
      bytes * HEAP_PER_TEXT_BYTE[format];
  return needed;
}

/** What to do instead of raising the heap for a YAML text too large to parse, by where it came from. */
export function yamlOtherWay(file: string, inventory: boolean): string {
  if (file === '<stdin>')
    return 'or pipe it as JSON, which needs about a sixth of the heap YAML does (`residency import … --format json` prints JSON)';
  if (inventory)
    return `or keep an inventory this large as JSON, which needs about a sixth of the heap YAML does: convert it once, with the raised limit, by \`residency import ${file} --out NAME.json\` (it is left as it is)`;
  return 'or write it as JSON (the same keys and values), which needs about a sixth of the heap YAML does';
}

/**
 * After reading, before parsing: refuse a YAML text whose `yaml` library tree would not fit in the heap
 * (YAML_HEAP_FACTOR bytes of heap a byte), with E_TOO_LARGE and the heap to ask for, instead of a V8 out-of-memory
 * crash part-way through the parse. checkCapacity refuses a named `.yaml` input before reading it; this is for the
 * texts whose size or format is only known once read: standard input, an inventory whose name does not end in
 * `.yaml`, waiver, configuration and baseline files.
 */
export function checkYamlHeap(
  text: string,
  file: string,
  options: { heapLimit?: number; heapUsed?: number; command?: string; otherWay?: string } = {},
): void {
  const stats = options.heapLimit === undefined || options.heapUsed === undefined ? getHeapStatistics() : undefined;
  const heapLimit = options.heapLimit ?? stats?.heap_size_limit ?? 0;
  // what is live already (the catalogue, the rules, the text itself) is not there for the parse
  const heapUsed = options.heapUsed ?? stats?.used_heap_size ?? 0;
  // in bytes, as the file's size is counted before reading (YAML_HEAP_FACTOR was measured by it)
  const bytes = Buffer.byteLength(text, 'utf8');
  const needed = bytes * YAML_HEAP_FACTOR;
  if (needed <= heapLimit - heapUsed) return;
  throw tooLarge(
    file,
    `${formatBytes(bytes)} of YAML needs about ${formatBytes(needed)} of heap to parse, over the ${formatBytes(Math.max(0, heapLimit - heapUsed))} left of this process's heap limit of ${formatBytes(heapLimit)}`,
    needed + heapUsed,
    options.command,
    options.otherWay ?? yamlOtherWay(file, false),
  );
}

/** E_TOO_LARGE at `file`, its hint the heap limit that `needed` asks for, and then `otherWay` when there is one. */
function tooLarge(
  file: string | undefined,
  message: string,
  needed: number,
  command = 'check',
  otherWay?: string,
): ResidencyError {
  const suggestMb = Math.ceil((needed * 1.25) / 1024 / 1024 / 256) * 256;
  return new ResidencyError('E_TOO_LARGE', 'inputs too large for the JavaScript heap', [
    {
      code: 'E_TOO_LARGE',
      severity: 'error',
      file,
      message,
      hint: `Raise the heap limit, e.g. NODE_OPTIONS=--max-old-space-size=${suggestMb} residency ${command} …${otherWay ? `; ${otherWay}` : ''}`,
    },
  ]);
}

/**
 * After reading, before validating: refuse inventories whose vendors, services and data sets would not fit in the
 * heap (E_TOO_LARGE with the NODE_OPTIONS hint), whatever their layout (a minified file is half the bytes of the
 * same inventory pretty-printed, for the same work). Returns the counts.
 */
export async function checkInventoryHeap(
  docs: readonly { file: string; format: 'json' | 'yaml'; data: unknown }[],
  fragments: readonly { inventory: unknown }[],
  options: { heapLimit?: number; command?: string } = {},
): Promise<InventoryCounts> {
  const heapLimit = options.heapLimit ?? getHeapStatistics().heap_size_limit;
  const total: InventoryCounts = { vendors: 0, services: 0, dataSets: 0 };
  const inputs: { counts: InventoryCounts; bytes: number; format: 'json' | 'yaml' }[] = [];
  for (const doc of docs) {
    const counts = countInventory(doc.data);
    let bytes = 0;
    if (doc.file !== '-')
      bytes = await fs.stat(doc.file).then(
        (s) => s.size,
        () => 0,
      );
    inputs.push({ counts, bytes, format: doc.format });
  }
  for (const fragment of fragments)
    inputs.push({ counts: countInventory(fragment.inventory), bytes: 0, format: 'json' });
  // the totals from the counts already made (each inventory walked once)
  for (const { counts } of inputs) {
    total.vendors += counts.vendors;
    total.services += counts.services;
    total.dataSets += counts.dataSets;
  }
  const needed = estimateCheckHeap(inputs);
  if (needed > heapLimit) {
    const n = formatNumber;
    throw tooLarge(
      docs[0]?.file,
      `${n(total.vendors)} vendors, ${n(total.services)} services and ${n(total.dataSets)} data sets need about ${formatBytes(needed)} of heap, over this process's heap limit of ${formatBytes(heapLimit)}`,
      needed,
      options.command,
    );
  }
  return total;
}

/**
 * How much the heap may still grow after each stage, as a multiple of what the check has built since the inventory
 * was read and validated (the heap at the end of the stage minus the heap at the end of `validate`). The input text,
 * the parsed inventory and the validation are already in the heap and do not grow; what follows enrichment (findings,
 * their text, the report) grows with what enrichment built, not with the input's size. Re-measured after pass 6
 * with `--timings` on the 10k generated shapes (2026-12-02, heap MiB at the end of validate / enrich / evaluate /
 * build / write; the input's text, released during enrichment, counted out of the base): `bulk` 49.8 / 154.3 /
 * 211.5 / 246.5 / 286.7, the densest (two or three long findings per data set): after enrichment the heap still
 * grows by 1.09× what enrichment built, after evaluation by 0.42× of what was built so far, after building the
 * report by 0.19× (the JSON writer makes vendors and findings as it writes them); `minified` 45.0 / 81.6 / 89.4 /
 * 100.4 / 104.3 (0.51×, 0.29×, 0.06×), `chains` 57.0 / 101.6 / 115.3 / 125.9 / 134.7 (0.56×, 0.27×, 0.11×),
 * `unicode`, `owners` and `services` less. The factors take the densest shape with a margin of about 1.4×: with
 * them the 100k `bulk` inventory runs at the default 4 GiB heap limit (2.5 GiB of heap, 2.8 GiB peak RSS), where the
 * factors measured before pass 6 (2.5, 0.9, 0.2) refused it although it fitted. Multiplying the whole heap instead
 * (as at first) refused a 100k `unicode` inventory (300 MB of long descriptions) that completes in 1.9 GiB.
 * Re-measure (`--timings` prints the heap per stage) when the enrichment or the report changes.
 */
export const HEAP_GROWTH_AFTER: Partial<Record<PipelineStage, number>> = { enrich: 1.5, evaluate: 0.6, build: 0.3 };

/** The stage after which the heap holds the input as read and validated: the base the growth is measured from. */
const HEAP_BASE_STAGE: PipelineStage = 'validate';

/** The pipeline's stage hook, and what to tell it when part of the input held at the end of `validate` is freed. */
export interface HeapGuard {
  (stage: PipelineStage): void;
  /**
   * `bytes` of what the heap held at the end of `validate` were let go (the input's text, runCheck's
   * releaseDocuments): growth is measured from the input without them, so what was freed is not taken for room
   * (once collected, it would otherwise hide as much of what the stages built).
   */
  released(bytes: number): void;
}

/**
 * A stage hook for the pipeline: at the end of a stage, the heap in use plus what may still come (HEAP_GROWTH_AFTER
 * times what was built since the end of `validate`) over the heap limit refuses the run with E_TOO_LARGE and the
 * NODE_OPTIONS hint, instead of a V8 out-of-memory crash later on. Before `validate` has ended, nothing is
 * refused here (the counts estimate, checkInventoryHeap, covers reading and validating).
 */
export function createHeapGuard(
  options: { heapLimit?: number; heapUsed?: () => number; file?: string; command?: string } = {},
): HeapGuard {
  const heapLimit = options.heapLimit ?? getHeapStatistics().heap_size_limit;
  const heapUsed = options.heapUsed ?? (() => process.memoryUsage().heapUsed);
  let base: number | undefined;
  const released = (bytes: number): void => {
    if (base !== undefined) base -= bytes;
  };
  const guard = (stage: PipelineStage): void => {
    if (stage === HEAP_BASE_STAGE) {
      base = heapUsed();
      return;
    }
    const growth = HEAP_GROWTH_AFTER[stage];
    if (growth === undefined || base === undefined) return;
    const used = heapUsed();
    const needed = used + growth * Math.max(0, used - base);
    if (needed <= heapLimit) return;
    throw tooLarge(
      options.file,
      `after the ${stage} stage the heap holds ${formatBytes(used)}, ${formatBytes(Math.max(0, used - base))} of it built by the check; finishing it needs up to about ${formatBytes(needed)}, over this process's heap limit of ${formatBytes(heapLimit)}`,
      needed,
      options.command,
    );
  };
  return Object.assign(guard, { released });
}
