import { fileErrors } from '../model/errors.js';
import type { ParsedDocument } from '../parse/parse.js';
import { COMPACT_SCHEMA_MAJOR, ReportExpander, schemaMajor } from '../report/compact.js';
import { spliceLists } from '../util/json-pieces.js';

/** The part of a JSON report that `residency diff` reads. */
export interface DiffFinding {
  fingerprint: string;
  ruleId: string;
  severity: string;
  status?: string;
  vendor?: { id: string };
  service?: { id: string };
  message?: string;
}

/** One report as the diff sees it: its findings in their brief form (what the diff prints, nothing more). */
export interface DiffSide {
  file: string;
  sha256: string;
  asOf?: string;
  score: number;
  findings: DiffFinding[];
}

export interface ReportDiff {
  old: { path: string; sha256: string; asOf?: string; score: number; findings: number };
  new: { path: string; sha256: string; asOf?: string; score: number; findings: number };
  scoreChange: number;
  counts: { new: number; resolved: number; unchanged: number };
  new_: DiffFinding[];
  resolved: DiffFinding[];
  unchanged: DiffFinding[];
}

/** A file that is not a JSON report, at the position of what is wrong. */
export const REPORT_ERRORS = fileErrors('E_REPORT', 'Give JSON reports written by `residency check --format json`');

/** What the diff's checks of a report say ([message, expected]), one place for the whole-text and streamed readers. */
export const REPORT_PROBLEMS = {
  notReport: ['not a JSON report', 'an object with summary and findings'],
  noScore: ['the report has no summary.score', 'a number'],
  noFindings: ["the report has no 'findings' list", 'a list'],
  badFinding: (i: number): [string, string] => [
    `findings[${i}] has no fingerprint or ruleId`,
    'a finding from a JSON report',
  ],
} as const;

type Json = Record<string, unknown>;

function isJson(x: unknown): x is Json {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Whether a report's summary has a score; the pointer of what is wrong when not. */
export function scoreProblem(summary: unknown): string | undefined {
  const object = summary !== null && typeof summary === 'object';
  if (object && typeof (summary as { score?: unknown }).score === 'number') return undefined;
  return object ? '/summary' : '';
}

/** Whether a finding has what the diff matches and prints findings by. */
export function isDiffFinding(f: unknown): boolean {
  return isJson(f) && typeof f.fingerprint === 'string' && typeof f.ruleId === 'string';
}

/**
 * The part of a finding that the diff reads, as the report has it (a compact report's defaults not filled in):
 * a streamed report keeps this of each finding until the report's rules, which come after its findings, are read.
 */
export function diffFields(f: Json): Json {
  const out: Json = {};
  for (const key of ['fingerprint', 'ruleId', 'severity', 'status', 'message']) if (key in f) out[key] = f[key];
  for (const key of ['vendor', 'service']) {
    if (!(key in f)) continue;
    const part = f[key];
    out[key] = isJson(part) ? { id: part.id } : part;
  }
  return out;
}

/**
 * One side of a diff from the parts of a report: its top-level members (`schemaVersion`, `asOf`, `summary` and,
 * for a compact report, `rules`) and its findings (whole, or as diffFields kept them), already checked.
 */
export function sideOf(file: string, sha256: string, report: Json, findings: readonly unknown[]): DiffSide {
  // a compact report (3.x) omits the severity and status its findings share with their rule or with most findings:
  // each finding is expanded (one at a time) to its full form before it is made brief
  const expander = schemaMajor(report) >= COMPACT_SCHEMA_MAJOR ? new ReportExpander(report) : undefined;
  return {
    file,
    sha256,
    asOf: typeof report.asOf === 'string' ? report.asOf : undefined,
    score: (report.summary as { score: number }).score,
    // only what the diff prints: the side no longer holds the parsed report (nor, through it, its text)
    findings: findings.map((f) => brief((expander ? expander.finding(f) : f) as DiffFinding)),
  };
}

/** Check that a parsed document looks like a JSON report (findings with fingerprints, a score). */
export function reportSide(doc: ParsedDocument): DiffSide {
  const data = doc.data;
  if (!isJson(data)) throw REPORT_ERRORS.inDocument(doc, '', ...REPORT_PROBLEMS.notReport);
  const scoreAt = scoreProblem(data.summary);
  if (scoreAt !== undefined) throw REPORT_ERRORS.inDocument(doc, scoreAt, ...REPORT_PROBLEMS.noScore);
  if (!Array.isArray(data.findings)) throw REPORT_ERRORS.inDocument(doc, '', ...REPORT_PROBLEMS.noFindings);
  const findings = data.findings as unknown[];
  findings.forEach((f, i) => {
    if (!isDiffFinding(f)) throw REPORT_ERRORS.inDocument(doc, `/findings/${i}`, ...REPORT_PROBLEMS.badFinding(i));
  });
  return sideOf(doc.file, doc.sha256, data, findings);
}

function brief(f: DiffFinding): DiffFinding {
  return {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    severity: f.severity,
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.vendor ? { vendor: { id: f.vendor.id } } : {}),
    ...(f.service ? { service: { id: f.service.id } } : {}),
    ...(f.message !== undefined ? { message: f.message } : {}),
  };
}

/** Pure: findings new in `b`, resolved since `a`, and unchanged (matched by fingerprint), and the score change. */
export function diffReports(a: DiffSide, b: DiffSide): ReportDiff {
  const before = new Set(a.findings.map((f) => f.fingerprint));
  const after = new Set(b.findings.map((f) => f.fingerprint));
  // the sides' findings are already brief (reportSide)
  const added = b.findings.filter((f) => !before.has(f.fingerprint));
  const resolved = a.findings.filter((f) => !after.has(f.fingerprint));
  const unchanged = b.findings.filter((f) => before.has(f.fingerprint));
  const side = (s: DiffSide) => ({
    path: s.file,
    sha256: s.sha256,
    ...(s.asOf !== undefined ? { asOf: s.asOf } : {}),
    score: s.score,
    findings: s.findings.length,
  });
  return {
    old: side(a),
    new: side(b),
    scoreChange: b.score - a.score,
    counts: { new: added.length, resolved: resolved.length, unchanged: unchanged.length },
    new_: added,
    resolved,
    unchanged,
  };
}

/** The JSON form (the `new_` member is spelled `new`). */
export function diffToJson(d: ReportDiff): Record<string, unknown> {
  return {
    old: d.old,
    new: d.new,
    scoreChange: d.scoreChange,
    counts: d.counts,
    findings: { new: d.new_, resolved: d.resolved, unchanged: d.unchanged },
  };
}

/**
 * diffToJson's text, `JSON.stringify(json, null, 2)` and a line break, in pieces: the document without its three
 * lists of findings, and a piece per finding where they go (`spliceLists`), so a diff that lists millions of findings
 * is never one string (V8 cannot make one past 512 MiB).
 */
export function* diffJsonChunks(d: ReportDiff): Generator<string> {
  const text = JSON.stringify(diffToJson({ ...d, new_: [], resolved: [], unchanged: [] }), null, 2);
  const list = (key: string, items: readonly DiffFinding[]) => ({
    key,
    length: items.length,
    at: (i: number) => items[i],
  });
  yield* spliceLists(text, [list('new', d.new_), list('resolved', d.resolved), list('unchanged', d.unchanged)]);
  yield '\n';
}

/** Lines, each followed by a line break, in pieces of LINES_PER_PIECE lines. */
function* linePieces(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += LINES_PER_PIECE) yield `${lines.slice(i, i + LINES_PER_PIECE).join('\n')}\n`;
}

const LINES_PER_PIECE = 512;

function where(f: DiffFinding): string {
  return [f.vendor?.id, f.service?.id].filter(Boolean).join('/') || 'organisation';
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function diffToText(d: ReportDiff): string {
  return [...diffTextChunks(d)].join('');
}

/** diffToText's text in pieces. */
export function* diffTextChunks(d: ReportDiff): Generator<string> {
  const lines = [
    `score ${d.old.score} → ${d.new.score} (${signed(d.scoreChange)}); ${d.counts.new} new, ${d.counts.resolved} resolved, ${d.counts.unchanged} unchanged`,
  ];
  const section = (title: string, list: DiffFinding[]): void => {
    if (list.length === 0) return;
    lines.push('', `${title}:`);
    for (const f of list)
      lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${where(f)}  [${f.fingerprint}]`);
  };
  section('New', d.new_);
  section('Resolved', d.resolved);
  yield* linePieces(lines);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function diffToMarkdown(d: ReportDiff): string {
  return [...diffMarkdownChunks(d)].join('');
}

/** diffToMarkdown's text in pieces. */
export function* diffMarkdownChunks(d: ReportDiff): Generator<string> {
  const lines = [
    '## residency diff',
    '',
    `Score **${d.old.score} → ${d.new.score}** (${signed(d.scoreChange)}): ${d.counts.new} new, ${d.counts.resolved} resolved, ${d.counts.unchanged} unchanged finding(s).`,
  ];
  const table = (title: string, list: DiffFinding[]): void => {
    if (list.length === 0) return;
    lines.push('', `### ${title}`, '', '| severity | rule | where | fingerprint |', '|---|---|---|---|');
    for (const f of list) {
      lines.push(`| ${cell(f.severity)} | ${cell(f.ruleId)} | ${cell(where(f))} | \`${f.fingerprint}\` |`);
    }
  };
  table('New findings', d.new_);
  table('Resolved findings', d.resolved);
  yield* linePieces(lines);
}
