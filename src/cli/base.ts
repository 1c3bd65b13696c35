import { Command } from '@oclif/core';
import { EXIT, formatDiagnostic, isResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { terminalSafe } from '../report/text.js';

/** Decide colour once: --no-color / --color, NO_COLOR, FORCE_COLOR, and whether the stream is a TTY. */
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function writeStderr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) writeStderr(terminalSafe(formatDiagnostic(d)));
}

/**
 * Base for every command: errors become located one-line messages and exit code 2 — never a stack
 * trace (set DEBUG=residency to see one for an internal error).
 */
export abstract class BaseCommand extends Command {
  override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (isResidencyError(error)) {
      printDiagnostics(error.diagnostics);
      const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
      if (errors > 1) writeStderr(`${errors} errors`);
      process.exitCode = EXIT.ERROR;
      return;
    }
    // oclif's own exits (e.g. `this.exit(0)` for --help) carry oclif.exit
    if (error.oclif?.exit !== undefined && error.oclif.exit === 0) return;
    if (error.name === 'ExitError' && typeof error.oclif?.exit === 'number') {
      process.exitCode = error.oclif.exit;
      return;
    }
    const message = terminalSafe(error.message ?? String(error)).split('\n')[0];
    const isUsage = /flag|argument|Expected|Unexpected|Missing|required|Nonexistent/i.test(message);
    writeStderr(
      isUsage
        ? `error E_USAGE: ${message}. See \`residency ${this.id ?? ''} --help\``
        : `error E_INTERNAL: ${message}${process.env.DEBUG?.includes('residency') ? `\n${error.stack}` : ' (set DEBUG=residency for details)'}`,
    );
    process.exitCode = EXIT.ERROR;
  }
}
