import { checkCapacity, PARSE_HEAP_FACTOR } from '../adapters/perf.js';
import { StreamedReportProblem, streamOrWhole, streamReport } from '../adapters/report-stream.js';
import { readDocument } from '../adapters/workspace.js';
import { ResidencyError } from '../model/errors.js';
import {
  type DiffSide,
  diffFields,
  diffJsonChunks,
  diffMarkdownChunks,
  diffReports,
  diffTextChunks,
  diffToJson,
  isDiffFinding,
  REPORT_ERRORS,
  REPORT_PROBLEMS,
  reportSide,
  scoreProblem,
  sideOf,
} from '../triage/diff.js';

export const DIFF_FORMATS = ['pretty', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffOptions {
  /** The earlier and the later JSON report (one of them may be - for standard input). */
  old: string;
  new: string;
  format: DiffFormat;
  /** Exit 1 when the new report has findings the old one did not. */
  failOnNew?: boolean;
  /** A report up to this size with a problem is read again whole for its error (REREAD_WHOLE_BYTES; tests set 0). */
  rereadWholeBytes?: number;
}

export interface DiffResult {
  exitCode: number;
  /** The comparison as data (what the json format prints). */
  json: ReturnType<typeof diffToJson>;
  /** The comparison in the requested format, in pieces (a diff of millions of findings is never one string). */
  output: () => Iterable<string>;
}

/** `residency diff`: compare two JSON reports by finding fingerprint. Unreadable reports throw (exit 2). */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  if (options.old === '-' && options.new === '-') {
    throw new ResidencyError('E_USAGE', 'only one report can come from standard input');
  }
  // one report at a time, each reduced to what the diff reads before the next is read; the old report's problems
  // are reported first
  const read = async (file: string): Promise<DiffSide> => {
    const whole = async () => {
      // before reading a report whole: refuse one that would not fit in the heap, as check does (E_TOO_LARGE)
      await checkCapacity([file], { command: 'diff', jsonHeapFactor: PARSE_HEAP_FACTOR });
      return reportSide(await readDocument(file, { parallelScan: false, command: 'diff' }));
    };
    return streamOrWhole(file, () => streamSide(file), whole, REPORT_ERRORS, options.rereadWholeBytes);
  };
  const a = await read(options.old);
  const b = await read(options.new);
  const diff = diffReports(a, b);
  const json = diffToJson(diff);
  const output = () =>
    options.format === 'json'
      ? diffJsonChunks(diff)
      : options.format === 'markdown'
        ? diffMarkdownChunks(diff)
        : diffTextChunks(diff);
  return { exitCode: options.failOnNew && diff.counts.new > 0 ? 1 : 0, json, output };
}

/**
 * One side of the diff read a piece at a time (streamReport): of each finding only what the diff prints is kept
 * (diffFields) until the report's rules, which follow its findings, are read, so a report costs memory for its
 * findings' brief form, not for the report (nor is it limited by V8's longest string, 512 MiB).
 */
async function streamSide(file: string): Promise<DiffSide> {
  const findings: Record<string, unknown>[] = [];
  const read = await streamReport(file, ['schemaVersion', 'asOf', 'summary', 'rules'], (finding, at) => {
    if (!isDiffFinding(finding)) {
      throw new StreamedReportProblem(REPORT_PROBLEMS.badFinding(at.index), at, `/findings/${at.index}`);
    }
    findings.push(diffFields(finding as Record<string, unknown>));
  });
  const start = { line: 1, column: 1 };
  if (!read.isObject) throw new StreamedReportProblem(REPORT_PROBLEMS.notReport, start, '');
  const scoreAt = scoreProblem(read.members.summary);
  if (scoreAt !== undefined) throw new StreamedReportProblem(REPORT_PROBLEMS.noScore, start, scoreAt);
  if (!read.sawItems) throw new StreamedReportProblem(REPORT_PROBLEMS.noFindings, start, '');
  return sideOf(file, read.sha256, read.members, findings);
}
