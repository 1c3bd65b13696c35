import { Command } from '@oclif/core';
import { writeToStream } from '../adapters/write.js';
import { EXIT, errorsOf, formatDiagnostic, isResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { terminalSafe } from '../report/text.js';
import type { RunnerIo } from '../runner/io.js';

/** Decide colour once: --no-color / --color, NO_COLOR, FORCE_COLOR, and whether the stream is a TTY. */
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function writeStderr(text: string): void {
  process.stderr.write(asLine(text));
}

/** The text ending in one line break (added when it has none). */
function asLine(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * One located line per diagnostic on standard error, in pieces that wait for the reader: standard error is a pipe in
 * CI, where Node writes asynchronously, and a line a write queued every line of 100k errors (50 MB) in memory, 160 MB
 * more than the check's own peak.
 */
export async function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  stream: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  await writeToStream(stream, diagnosticLines(diagnostics));
}

function* diagnosticLines(diagnostics: readonly Diagnostic[]): Generator<string> {
  for (const d of diagnostics) yield asLine(terminalSafe(formatDiagnostic(d)));
}

/** The process streams, for a runner. */
export function processIo(): RunnerIo {
  return { stdout: process.stdout, stderr: (text) => process.stderr.write(text) };
}

/** The JSON error object every command prints on standard output under --json (exit code as without). */
export interface JsonError {
  error: {
    code: string;
    message: string;
    hint?: string;
    exitCode: number;
    diagnostics: Diagnostic[];
  };
}

/**
 * Base for every command: errors become located one-line messages and exit code 2 — never a stack
 * trace (set DEBUG=residency to see one for an internal error).
 *
 * `--json` (oclif's enableJsonFlag, on every command): the value `run()` returns is printed as one JSON
 * document on standard output, and an error as {@link JsonError} on standard output (the one-line message
 * still goes to standard error), with the same exit code as without --json.
 */
export abstract class BaseCommand extends Command {
  /** Plain `JSON.stringify(value, null, 2)` and a newline: byte-stable, never coloured. */
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  override toErrorJson(error: unknown): JsonError {
    if (isResidencyError(error)) {
      // the first error is the one the message names (the wrapper's code, E_INPUT say, says less)
      const first = error.diagnostics.find((d) => d.severity === 'error') ?? error.diagnostics[0];
      return {
        error: {
          code: first?.code ?? error.code,
          message: first?.message ?? error.message,
          ...(first?.hint ? { hint: first.hint } : {}),
          exitCode: EXIT.ERROR,
          diagnostics: error.diagnostics,
        },
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    const code = isUsageMessage(message) ? 'E_USAGE' : 'E_INTERNAL';
    return {
      error: {
        code,
        message: terminalSafe(message).split('\n')[0],
        exitCode: EXIT.ERROR,
        diagnostics: [{ code, severity: 'error', message: terminalSafe(message).split('\n')[0] }],
      },
    };
  }

  override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    // oclif's own exits (e.g. `this.exit(0)` for --help) carry oclif.exit
    if (!isResidencyError(error) && error.oclif?.exit !== undefined && error.oclif.exit === 0) return;
    if (!isResidencyError(error) && error.name === 'ExitError' && typeof error.oclif?.exit === 'number') {
      process.exitCode = error.oclif.exit;
      return;
    }
    if (isResidencyError(error)) {
      await printDiagnostics(error.diagnostics);
      const errors = errorsOf(error.diagnostics).length;
      if (errors > 1) writeStderr(`${errors} errors`);
    } else {
      const message = terminalSafe(error.message ?? String(error)).split('\n')[0];
      writeStderr(
        isUsageMessage(message)
          ? `error E_USAGE: ${message}. See \`residency ${this.id ?? ''} --help\``
          : `error E_INTERNAL: ${message}${process.env.DEBUG?.includes('residency') ? `\n${error.stack}` : ' (set DEBUG=residency for details)'}`,
      );
    }
    if (this.jsonEnabled()) this.logJson(this.toErrorJson(error));
    process.exitCode = EXIT.ERROR;
  }
}

function isUsageMessage(message: string): boolean {
  return /flag|argument|Expected|Unexpected|Missing|required|Nonexistent/i.test(message);
}
