import { ResidencyError } from '../model/errors.js';
import type { ParsedDocument } from '../parse/parse.js';
import { COMPACT_SCHEMA_MAJOR, ReportExpander, schemaMajor } from '../report/compact.js';

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

function bad(doc: ParsedDocument, pointer: string, message: string, expected: string): ResidencyError {
  return new ResidencyError('E_REPORT', `${doc.file}: ${message}`, [
    {
      code: 'E_REPORT',
      severity: 'error',
      message,
      file: doc.file,
      ...(doc.locate(pointer) ?? { line: 1, column: 1 }),
      pointer,
      expected,
      hint: 'Give JSON reports written by `residency check --format json`',
    },
  ]);
}

/** Check that a parsed document looks like a JSON report (findings with fingerprints, a score). */
export function reportSide(doc: ParsedDocument): DiffSide {
  const data = doc.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw bad(doc, '', 'not a JSON report', 'an object with summary and findings');
  }
  const summary = data.summary as { score?: unknown } | undefined;
  if (summary === null || typeof summary !== 'object' || typeof summary.score !== 'number') {
    throw bad(
      doc,
      summary && typeof summary === 'object' ? '/summary' : '',
      'the report has no summary.score',
      'a number',
    );
  }
  if (!Array.isArray(data.findings)) throw bad(doc, '', "the report has no 'findings' list", 'a list');
  const findings = data.findings as unknown[];
  findings.forEach((f, i) => {
    const x = f as Partial<DiffFinding> | null;
    if (x === null || typeof x !== 'object' || typeof x.fingerprint !== 'string' || typeof x.ruleId !== 'string') {
      throw bad(doc, `/findings/${i}`, `findings[${i}] has no fingerprint or ruleId`, 'a finding from a JSON report');
    }
  });
  // a compact report (3.x) omits the severity and status its findings share with their rule or with most findings:
  // each finding is expanded (one at a time) to its full form before it is made brief
  const expander = schemaMajor(data) >= COMPACT_SCHEMA_MAJOR ? new ReportExpander(data) : undefined;
  return {
    file: doc.file,
    sha256: doc.sha256,
    asOf: typeof data.asOf === 'string' ? data.asOf : undefined,
    score: summary.score,
    // only what the diff prints: the side no longer holds the parsed report (nor, through it, its text)
    findings: findings.map((f) => brief((expander ? expander.finding(f) : f) as DiffFinding)),
  };
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

function where(f: DiffFinding): string {
  return [f.vendor?.id, f.service?.id].filter(Boolean).join('/') || 'organisation';
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function diffToText(d: ReportDiff): string {
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
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function diffToMarkdown(d: ReportDiff): string {
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
  return `${lines.join('\n')}\n`;
}
