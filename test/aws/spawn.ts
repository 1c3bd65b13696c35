import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../helpers.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Run the real CLI asynchronously: the loopback STS server lives in this process and must keep
 * answering while the child runs (spawnSync would block it). Killed after 30 s.
 */
export function runAsync(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
