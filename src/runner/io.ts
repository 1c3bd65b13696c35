/**
 * Where a runner writes: the command passes the process streams, a test or a library caller its own. A
 * runner never touches `process` itself.
 */
export interface RunnerIo {
  /** The result (a report, an inventory): may be written in pieces. */
  stdout: NodeJS.WritableStream;
  /** Progress, warnings and summaries (one call per line or block). */
  stderr: (text: string) => void;
}
