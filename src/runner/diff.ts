import { checkCapacity, PARSE_HEAP_FACTOR } from '../adapters/perf.js';
import { readDocument } from '../adapters/workspace.js';
import { ResidencyError } from '../model/errors.js';
import { diffReports, diffToJson, diffToMarkdown, diffToText, reportSide } from '../triage/diff.js';

export const DIFF_FORMATS = ['pretty', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffOptions {
  /** The earlier and the later JSON report (one of them may be - for standard input). */
  old: string;
  new: string;
  format: DiffFormat;
  /** Exit 1 when the new report has findings the old one did not. */
  failOnNew?: boolean;
}

export interface DiffResult {
  exitCode: number;
  /** The comparison as data (what the json format prints). */
  json: ReturnType<typeof diffToJson>;
  /** The comparison in the requested format. */
  text: string;
}

/** `residency diff`: compare two JSON reports by finding fingerprint. Unreadable reports throw (exit 2). */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  if (options.old === '-' && options.new === '-') {
    throw new ResidencyError('E_USAGE', 'only one report can come from standard input');
  }
  // before reading: refuse reports that would not fit in the heap, as check does (E_TOO_LARGE, exit 2)
  await checkCapacity([options.old, options.new], { command: 'diff', jsonHeapFactor: PARSE_HEAP_FACTOR });
  // one report at a time, each reduced to what the diff reads before the next is read: the two parsed reports
  // (and their texts) are never in memory together; the old report's problems are reported first
  const read = async (file: string) => reportSide(await readDocument(file, { parallelScan: false }));
  const a = await read(options.old);
  const b = await read(options.new);
  const diff = diffReports(a, b);
  const json = diffToJson(diff);
  const text =
    options.format === 'json'
      ? `${JSON.stringify(json, null, 2)}\n`
      : options.format === 'markdown'
        ? diffToMarkdown(diff)
        : diffToText(diff);
  return { exitCode: options.failOnNew && diff.counts.new > 0 ? 1 : 0, json, text };
}
