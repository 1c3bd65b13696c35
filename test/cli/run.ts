/**
 * The one way tests run the CLI (and, for the CI tests, other programs).
 *
 * - `runCli` runs the built CLI (`dist/`) IN THIS PROCESS, the way bin/run.js does (oclif's `execute`: load the
 *   configuration, `run`, then `flush`, and `handle` for an error), with the options a child process would get: its own working directory,
 *   environment (plus {@link CLI_ENV}), standard input, standard output and error (captured, not TTYs) and exit code.
 *   Runs never overlap (one at a time per test file), and everything process-wide is put back after each. It costs a
 *   few milliseconds where a child process costs ~0.4 s of CPU (node start-up and module loading), which is what
 *   keeps `npm run test:fast` under a minute.
 * - `runCliProcess` runs the real CLI as a whole child process and waits for it; `runCliAsync` does so without blocking
 *   this process's event loop (a loopback server in the test must keep answering, or cases run concurrently);
 *   `spawnCli` hands back the child (for signals). Use them where the process itself is under test: exit codes as
 *   the shell sees them, signals, node options, environment read at start-up, the bin shim, an installed copy.
 *   test/cli/e2e.test.ts checks that both give the same result for every command.
 *
 * Both run `dist/`, so build first (`npm test` and `npm run test:fast` do).
 */
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { execute } from '@oclif/core';
import { ROOT } from '../helpers.js';

export { ROOT };
export const BIN = path.join(ROOT, 'bin', 'run.js');
const BIN_URL = pathToFileURL(BIN).href;

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

/**
 * Plain, quiet, non-interactive output: no colour, no progress line, no debug traces; and the CLI as a user runs it,
 * not in oclif's development mode (vitest sets NODE_ENV=test, which makes oclif look for TypeScript sources and warn).
 */
const CLI_ENV: NodeJS.ProcessEnv = { NO_COLOR: '1', CI: 'true', DEBUG: '', NODE_ENV: undefined };
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
export function runCliProcess(args: string[], options: CliOptions = {}): Run {
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

/** What an in-process run is given: what a child process would be (no node options, no other bin, no timeout). */
export type InProcessOptions = Pick<RunOptions, 'cwd' | 'env' | 'input'>;

/** Standard output or error of an in-process run: every byte written, decoded once at the end (as spawnSync does). */
class Capture extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The run before this one: runs are queued, since each takes over the process's streams, directory and env. */
let previous: Promise<unknown> = Promise.resolve();

/**
 * Run the built CLI in this process and capture what a child process would have given: exit status, standard output,
 * standard error. Same defaults as {@link runCliProcess}: the repository root as working directory, this process's
 * environment plus {@link CLI_ENV} and `options.env`, empty standard input unless `input` is given.
 */
export function runCli(args: string[], options: InProcessOptions = {}): Promise<Run> {
  const run = previous.then(() => runInProcess(args, options));
  previous = run.catch(() => undefined);
  return run;
}

/** Replace the contents of process.env (the object itself stays: modules may hold it). */
function setEnvironment(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

async function runInProcess(args: string[], options: InProcessOptions): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Readable.from(options.input === undefined ? [] : [Buffer.from(options.input, 'utf8')]);
  const streams = { stdin, stdout, stderr };
  const saved = {
    argv: process.argv,
    cwd: process.cwd(),
    env: { ...process.env },
    exitCode: process.exitCode,
    exit: process.exit,
    console: globalThis.console,
    streams: Object.fromEntries(
      Object.keys(streams).map((name) => [name, Object.getOwnPropertyDescriptor(process, name)]),
    ) as Record<keyof typeof streams, PropertyDescriptor>,
  };
  let exited: number | undefined;
  let status: number;
  try {
    setEnvironment(environment(options, CLI_ENV));
    process.chdir(options.cwd ?? ROOT);
    process.argv = [process.execPath, BIN, ...args];
    process.exitCode = undefined;
    for (const [name, stream] of Object.entries(streams)) {
      Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => stream });
    }
    // oclif's ux (help, --version, this.log) writes through console.log/error: the process's console writes to its
    // streams, so a console on the captured ones
    globalThis.console = new Console({ stdout, stderr });
    // oclif's error handler ends the process with process.exit(code); nothing in the CLI calls it otherwise
    process.exit = ((code?: number | string | null) => {
      exited ??= Number(code ?? process.exitCode ?? 0);
    }) as typeof process.exit;
    // exactly what bin/run.js does. The configuration is loaded afresh each time (~3 ms once the modules are loaded),
    // as in a new process: oclif's plugin objects keep state from one run to the next (after the help of a topic, a
    // reloaded configuration loses the arguments of that topic's commands)
    await execute({ args, dir: BIN_URL });
    // what the process would still print before it ends (process.emitWarning writes on a later tick)
    await new Promise((resolve) => setImmediate(resolve));
    status = exited ?? Number(process.exitCode ?? 0);
  } finally {
    process.exit = saved.exit;
    globalThis.console = saved.console;
    for (const [name, descriptor] of Object.entries(saved.streams)) Object.defineProperty(process, name, descriptor);
    process.exitCode = saved.exitCode;
    process.argv = saved.argv;
    process.chdir(saved.cwd);
    setEnvironment(saved.env);
  }
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}
