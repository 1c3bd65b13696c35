import { readInputFile } from '../adapters/files.js';
import { readEd25519Key } from '../adapters/keys.js';
import { checkCapacity, PARSE_HEAP_FACTOR } from '../adapters/perf.js';
import { readDocument } from '../adapters/workspace.js';
import { ResidencyError } from '../model/errors.js';
import { sha256 } from '../parse/parse.js';
import { compareInputs, type InputCheck, verifyReport } from '../sign/sign.js';

export interface VerifyOptions {
  /** A signed JSON report. */
  report: string;
  /** The Ed25519 public key (PEM file). */
  key: string;
  /** Input files to check against the report's digests. */
  inputs?: string[];
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
  // before reading, as check does (E_TOO_LARGE, exit 2). Read without the worker's second copy of the text, the
  // report's text dropped before its canonical form is built in one buffer of the file's size: 0.8–0.95 GiB peak RSS
  // for a 188 MB report (4.3–5.3× its size, Node included), so the factor of the commands that only parse
  const size = await checkCapacity([options.report], { command: 'verify', jsonHeapFactor: PARSE_HEAP_FACTOR });
  const report = await readReport(options.report);
  const signature = verifyReport(report, key, size);
  let inputs: InputCheck[] = [];
  if (options.inputs && options.inputs.length > 0) {
    const recorded = Array.isArray(report.inputs) ? (report.inputs as { path: string; sha256: string }[]) : [];
    const actual = [];
    for (const file of options.inputs) {
      const read = await readInputFile(file);
      actual.push({ path: file, sha256: sha256(read.text) });
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

/**
 * The parsed report, and nothing else of its document: its text (held by the document's `locate`) is garbage before
 * the canonical form is built.
 */
async function readReport(file: string): Promise<Record<string, unknown>> {
  const doc = await readDocument(file, { parallelScan: false });
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
