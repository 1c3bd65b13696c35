import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Run, type RunOptions, runProgram } from '../cli/run.js';
import { ROOT } from '../helpers.js';

export type { Run };

/**
 * How long a set-up that installs dependencies may take (npm ci, npm pack, a global install, pre-commit's
 * environment): about 20 s each on an idle 2-core machine, minutes on a loaded one.
 */
export const INSTALL_TIMEOUT = 1_500_000;

/**
 * Run a program (no shell) as a user would in a fresh clone: no colour, and NODE_ENV unset (vitest sets
 * NODE_ENV=test, which makes oclif look for TypeScript).
 */
export function run(command: string, args: string[], options: RunOptions = {}): Run {
  return runProgram(command, args, options, { NODE_ENV: undefined, NO_COLOR: '1' });
}

/** Run a bash script. */
export function bash(script: string, options: Parameters<typeof run>[2] = {}): Run {
  return run('bash', ['-e', '-o', 'pipefail', '-c', script], options);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `residency-${prefix}-`));
}

/**
 * What a fresh clone holds: the files git tracks (plus new files not yet committed, not ignored), as they
 * are in the working tree, committed in a new repository. No node_modules, no dist, unless
 * `linkNodeModules` (then node_modules is a symlink to this checkout's: never run `npm ci` in such a copy).
 */
export function scratchClone(prefix: string, options: { linkNodeModules?: boolean } = {}): string {
  const dir = path.join(tempDir(prefix), 'residency');
  mkdirSync(dir);
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    if (!file || !existsSync(path.join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(dir, file), { verbatimSymlinks: true });
  }
  const git = (...args: string[]) => {
    const r = run('git', ['-c', 'user.name=scratch', '-c', 'user.email=scratch@example.invalid', ...args], {
      cwd: dir,
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'scratch copy');
  if (options.linkNodeModules) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** npm settings that keep a test away from the user's global prefix and make installs quiet and cache-first. */
export function npmEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    npm_config_prefix: prefix,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
    PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  };
}
