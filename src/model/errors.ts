import type { Diagnostic } from './types.js';

/** Exit codes. No flag changes what a code means. */
export const EXIT = {
  /** Ran; nothing at or above the failure threshold and the score is at or above the minimum. */
  OK: 0,
  /** Ran; a threshold was breached (findings or score). */
  FAIL: 1,
  /** Could not run: bad flags, unreadable or invalid input, invalid rules, environment error. */
  ERROR: 2,
} as const;

/**
 * The only error type the pure core throws on purpose. It carries located diagnostics and
 * always maps to exit code 2.
 */
export class ResidencyError extends Error {
  readonly code: string;
  readonly diagnostics: Diagnostic[];
  readonly exitCode = EXIT.ERROR;

  constructor(code: string, message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = 'ResidencyError';
    this.code = code;
    this.diagnostics = diagnostics.length > 0 ? diagnostics : [{ code, severity: 'error', message }];
  }
}

/** An error about one place in one file: `file: message`, and one diagnostic with the position and how to fix it. */
export function locatedError(
  code: string,
  file: string,
  at: { line: number; column: number },
  message: string,
  details: Pick<Diagnostic, 'pointer' | 'expected' | 'hint'>,
): ResidencyError {
  return new ResidencyError(code, `${file}: ${message}`, [
    { code, severity: 'error', message, file, ...at, ...details },
  ]);
}

/**
 * The errors of one kind of file about one place in it (a baseline, a report given to `diff` or `verify`): the same
 * code and hint, the place and what is wrong given. `at` a line and column (a file read a piece at a time), or
 * `inDocument` at a JSON pointer of a parsed document (its start when the pointer cannot be located).
 */
export interface FileErrors {
  at(
    file: string,
    position: { line: number; column: number },
    pointer: string,
    message: string,
    expected: string,
  ): ResidencyError;
  inDocument(
    doc: { file: string; locate(pointer: string): { line: number; column: number } | undefined },
    pointer: string,
    message: string,
    expected: string,
  ): ResidencyError;
}

export function fileErrors(code: string, hint: string): FileErrors {
  const at: FileErrors['at'] = (file, position, pointer, message, expected) =>
    locatedError(code, file, position, message, { pointer, expected, hint });
  return {
    at,
    inDocument: (doc, pointer, message, expected) =>
      at(doc.file, doc.locate(pointer) ?? { line: 1, column: 1 }, pointer, message, expected),
  };
}

export function isResidencyError(error: unknown): error is ResidencyError {
  return error instanceof ResidencyError;
}

/** `file:line:col` (or as much of it as is known). */
export function formatPosition(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  if (!d.file) return '';
  if (d.line === undefined) return d.file;
  return `${d.file}:${d.line}:${d.column ?? 1}`;
}

/** The message with what was expected and the fix: `message (expected …). hint`. */
export function diagnosticText(d: Diagnostic): string {
  let text = d.message;
  if (d.expected) text += ` (expected ${d.expected})`;
  // one full stop between the message and the hint, even when the message ends a sentence itself
  if (d.hint) text = `${text.replace(/\.$/, '')}. ${d.hint}`;
  return text;
}

/** One line per diagnostic: `file:line:col  level CODE: message (expected …). hint`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatPosition(d);
  const level = d.severity === 'warning' ? 'warning' : 'error';
  return `${where ? `${where}  ` : ''}${level} ${d.code}: ${diagnosticText(d)}`;
}

/** Whether any diagnostic is an error (warnings alone do not stop a run). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The diagnostics that are errors, in their order. */
export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}
