import { readInputFile } from '../adapters/files.js';
import { readEd25519Key } from '../adapters/keys.js';
import { checkCapacity, PARSE_HEAP_FACTOR } from '../adapters/perf.js';
import { feedFile, StreamedReportProblem, streamOrWhole } from '../adapters/report-stream.js';
import { spillSinks } from '../adapters/spill.js';
import { readDocument } from '../adapters/workspace.js';
import { fileErrors, ResidencyError } from '../model/errors.js';
import { sha256 } from '../parse/parse.js';
import { CanonicalDocument } from '../sign/canonical-document.js';
import { compareInputs, type InputCheck, signedBytes, verifySignature } from '../sign/sign.js';

export interface VerifyOptions {
  /** A signed JSON report. */
  report: string;
  /** The Ed25519 public key (PEM file). */
  key: string;
  /** Input files to check against the report's digests. */
  inputs?: string[];
  /** Reports up to this size are read again whole when the streamed read finds a problem (REREAD_WHOLE_BYTES; tests). */
  rereadWholeBytes?: number;
}

/** The result; `verify --json` prints it as it is. */
export interface VerifyResult {
  valid: boolean;
  signature: { valid: true; keyId: string } | { valid: false; reason: string; message: string };
  inputs: InputCheck[];
}

/** `residency verify`: the report's signature and, optionally, its inputs' digests. Unreadable files throw (exit 2). */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const key = await readEd25519Key(options.key, 'public');
  const file = options.report;
  const report = await streamOrWhole(
    file,
    () => streamSigned(file),
    () => wholeSigned(file),
    SIGNED_REPORT_ERRORS,
    options.rereadWholeBytes,
  );
  let signature: ReturnType<typeof verifySignature>;
  try {
    signature = verifySignature(report.signature, report.bytes, key);
  } finally {
    report.close?.();
  }
  let inputs: InputCheck[] = [];
  if (options.inputs && options.inputs.length > 0) {
    const recorded = Array.isArray(report.inputs) ? (report.inputs as { path: string; sha256: string }[]) : [];
    const actual = [];
    for (const input of options.inputs) {
      const read = await readInputFile(input);
      actual.push({ path: input, sha256: sha256(read.text) });
    }
    inputs = compareInputs(recorded, actual);
  }
  const ok = signature.ok && inputs.every((i) => i.status === 'ok');
  return {
    valid: ok,
    signature: signature.ok
      ? { valid: true, keyId: signature.keyId }
      : { valid: false, reason: signature.reason, message: signature.message },
    inputs,
  };
}

/** A signed report that is not a report, at the position of what is wrong. */
const SIGNED_REPORT_ERRORS = fileErrors(
  'E_REPORT',
  'Give a JSON report written by `residency check --format json --sign KEY.pem`',
);

/** What verify reads of a signed report: its signature, its inputs' digests, and the bytes the signature covers. */
interface SignedReport {
  signature: unknown;
  inputs: unknown;
  bytes: () => Buffer;
  /** Let go of what the bytes are made from. */
  close?: () => void;
}

/**
 * A signed report read a piece at a time (`CanonicalDocument`): each member and each item of its lists is parsed,
 * written canonically and dropped, so the report is never held whole, as text or parsed, and has no size limit but
 * the bytes Ed25519 verifies in one piece. The lists' canonical bytes wait in temporary files (`spillSinks`) until
 * they are read into the one buffer that is verified, about the size of the file.
 */
async function streamSigned(file: string): Promise<SignedReport> {
  const doc = new CanonicalDocument(['signature', 'inputs'], spillSinks());
  try {
    await feedFile(file, doc.stream);
    if (!doc.stream.isObject)
      throw new StreamedReportProblem(['not a JSON report', 'a JSON object'], { line: 1, column: 1 }, '');
  } catch (error) {
    doc.close();
    throw error;
  }
  const close = () => doc.close();
  return { signature: doc.parsed.signature, inputs: doc.parsed.inputs, bytes: () => doc.signedBytes(), close };
}

/**
 * A signed report read whole: from standard input, a report saved as YAML, or a report of REREAD_WHOLE_BYTES or less
 * that the streamed read found a problem in (the error is then the whole-text reader's, as before reports were
 * streamed).
 */
async function wholeSigned(file: string): Promise<SignedReport> {
  // before reading, as check does (E_TOO_LARGE, exit 2). Read without the worker's second copy of the text, the
  // report's text dropped before its canonical form is built in one buffer of the file's size
  const size = await checkCapacity([file], { command: 'verify', jsonHeapFactor: PARSE_HEAP_FACTOR });
  const report = await readReport(file);
  return { signature: report.signature, inputs: report.inputs, bytes: () => signedBytes(report, size) };
}

/**
 * The parsed report, and nothing else of its document: its text (held by the document's `locate`) is garbage before
 * the canonical form is built.
 */
async function readReport(file: string): Promise<Record<string, unknown>> {
  const doc = await readDocument(file, { parallelScan: false, command: 'verify' });
  const report = doc.data as Record<string, unknown> | null;
  if (report === null || typeof report !== 'object' || Array.isArray(report)) {
    throw new ResidencyError('E_REPORT', `${doc.file}: not a JSON report`, [
      { code: 'E_REPORT', severity: 'error', message: 'not a JSON report', file: doc.file, line: 1, column: 1 },
    ]);
  }
  return report;
}

/** The human-readable lines of a verification. */
export function verifyText(result: VerifyResult): string {
  const lines: string[] = [];
  const s = result.signature;
  lines.push(s.valid ? `signature: valid (ed25519, key ${s.keyId})` : `signature: INVALID: ${s.message}`);
  for (const i of result.inputs) {
    if (i.status === 'ok')
      lines.push(`input ${i.path}: sha256 matches${i.recordedAs ? ` (recorded as ${i.recordedAs})` : ''}`);
    else if (i.status === 'changed')
      lines.push(`input ${i.path}: CHANGED: sha256 ${i.actual}, the report recorded ${i.expected}`);
    else lines.push(`input ${i.path}: NOT IN REPORT: the report has no input with this content or this path`);
  }
  lines.push(result.valid ? 'verified' : 'verification failed');
  return `${lines.join('\n')}\n`;
}
