/**
 * The one way tests run the real CLI (and, for the CI tests, other programs): `runCli` waits for the process,
 * `runCliAsync` keeps this process's event loop free (a loopback server in the test must keep answering, or
 * cases run concurrently). The CLI runs `dist/`, so build first (`npm test` and `npm run test:fast` do).
 */
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ROOT } from '../helpers.js';

export { ROOT };
export const BIN = path.join(ROOT, 'bin', 'run.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface AsyncRun extends Run {
  signal: NodeJS.Signals | null;
  /** Wall-clock milliseconds (for reporting only: timings are never asserted). */
  ms: number;
}

export interface RunOptions {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Added to the environment; a key set to undefined is removed. */
  env?: NodeJS.ProcessEnv;
  /** Start from an empty environment instead of this process's (default true: inherit). */
  inheritEnv?: boolean;
  /** Standard input (default: none). */
  input?: string;
  /** Killed after this many milliseconds. */
  timeout?: number;
}

export interface CliOptions extends RunOptions {
  /** Options for node itself, before the CLI's path (e.g. `--cpu-prof`, `--max-old-space-size=64`). */
  nodeArgs?: string[];
  /** The CLI's bin/run.js (default: this checkout's); e.g. a copy of the installed package. */
  bin?: string;
}

/** Plain, quiet, non-interactive output: no colour, no progress line, no debug traces. */
const CLI_ENV: NodeJS.ProcessEnv = { NO_COLOR: '1', CI: 'true', DEBUG: '' };
const CLI_TIMEOUT = 60_000;
const MAX_BUFFER = 256 * 1024 * 1024; // large reports on standard output

function environment(options: RunOptions, defaults: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const merged = { ...(options.inheritEnv === false ? {} : process.env), ...defaults, ...options.env };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

/** Run a program (no shell), wait for it and capture its output; a failure to start or a timeout is told on stderr. */
export function runProgram(
  command: string,
  args: string[],
  options: RunOptions = {},
  defaults: NodeJS.ProcessEnv = {},
): Run {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: environment(options, defaults),
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 300_000,
    maxBuffer: MAX_BUFFER,
  });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
  };
}

function cliArgs(args: string[], options: CliOptions): string[] {
  return [...(options.nodeArgs ?? []), options.bin ?? BIN, ...args];
}

/** Run the real CLI as a whole process and wait for it (killed after 60 s unless `timeout` says otherwise). */
export function runCli(args: string[], options: CliOptions = {}): Run {
  return runProgram(process.execPath, cliArgs(args, options), { timeout: CLI_TIMEOUT, ...options }, CLI_ENV);
}

/** Start the real CLI and hand back the child process (for tests that signal it mid-run); stdin is closed. */
export function spawnCli(
  args: string[],
  options: CliOptions = {},
): ChildProcessByStdio<Writable | null, Readable, Readable> {
  return spawn(process.execPath, cliArgs(args, options), {
    cwd: options.cwd ?? ROOT,
    env: environment(options, CLI_ENV),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
}

/** Run the real CLI without blocking this process's event loop; killed (SIGKILL) after `timeout` (default 60 s). */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<AsyncRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? CLI_TIMEOUT);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
