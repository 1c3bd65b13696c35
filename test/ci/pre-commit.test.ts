import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, ROOT } from '../helpers.js';
import { INSTALL_TIMEOUT, type Run, run, scratchClone, tempDir } from './scratch.js';

// .pre-commit-hooks.yaml with the real pre-commit (Debian's package; .ci/run installs it): a user's
// repository points at a copy of this repository, `pre-commit install`s the hooks, and commits.
const preCommit = run('pre-commit', ['--version']);
const installed = preCommit.status === 0;
if (!installed) {
  console.warn('test/ci/pre-commit.test.ts skipped: pre-commit is not installed (apt-get install pre-commit)');
}

describe.skipIf(!installed)('pre-commit hooks (.pre-commit-hooks.yaml) in a scratch repository', () => {
  let hooks: string;
  let repo: string;
  let home: string;
  const env = (): NodeJS.ProcessEnv => ({
    PRE_COMMIT_HOME: home,
    GIT_AUTHOR_NAME: 'user',
    GIT_AUTHOR_EMAIL: 'user@example.invalid',
    GIT_COMMITTER_NAME: 'user',
    GIT_COMMITTER_EMAIL: 'user@example.invalid',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_prefer_offline: 'true',
  });
  const git = (...args: string[]): Run => run('git', args, { cwd: repo, env: env(), timeout: 900_000 });
  /** Stage the files and commit: the installed pre-commit hook runs as it would for the user. */
  const commit = (message: string): Run & { output: string } => {
    git('add', '-A');
    const result = git('commit', '--no-gpg-sign', '-m', message);
    return { ...result, output: result.stdout + result.stderr };
  };
  let first: Run & { output: string };

  beforeAll(() => {
    hooks = scratchClone('hooks');
    const rev = run('git', ['rev-parse', 'HEAD'], { cwd: hooks }).stdout.trim();
    repo = tempDir('pre-commit-user');
    home = tempDir('pre-commit-home');
    expect(git('init', '-q', '-b', 'main').status).toBe(0);
    writeFileSync(
      path.join(repo, '.pre-commit-config.yaml'),
      `repos:
  - repo: ${hooks}
    rev: ${rev}
    hooks:
      - id: residency-validate
      - id: residency-check
        args: [--as-of, "${AS_OF}"]
`,
    );
    const install = run('pre-commit', ['install'], { cwd: repo, env: env() });
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    mkdirSync(path.join(repo, 'inventory'));
    copyFileSync(path.join(ROOT, 'examples', 'acme-clean.yaml'), path.join(repo, 'inventory', 'vendors.yaml'));
    // the first commit installs residency into pre-commit's environment (npm install, npm pack, install -g)
    first = commit('clean inventory');
  }, INSTALL_TIMEOUT);
  afterAll(() => {
    for (const dir of [path.dirname(hooks), repo, home]) rmSync(dir, { recursive: true, force: true });
  });

  it('a clean inventory passes validate and check, and the commit is made', () => {
    expect(first.output).toMatch(/residency validate\.+Passed/);
    expect(first.output).toMatch(/residency check\.+Passed/);
    expect(first.status).toBe(0);
    expect(git('log', '--format=%s').stdout.trim()).toBe('clean inventory');
  });

  it('an invalid inventory blocks the commit with a located error', () => {
    writeFileSync(
      path.join(repo, 'inventory', 'vendors.yaml'),
      'apiVersion: residency/v1\nkind: Inventory\nvendors: 3\n',
    );
    const bad = commit('broken inventory');
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/residency validate\.+Failed/);
    expect(bad.output).toMatch(/inventory\/vendors\.yaml:\d+:\d+ {2}error E_/);
    expect(git('log', '--format=%s').stdout.trim()).toBe('clean inventory');
  });

  it('an inventory with findings at or above fail-on blocks the commit through check', () => {
    copyFileSync(path.join(ROOT, 'examples', 'acme-failing.yaml'), path.join(repo, 'inventory', 'vendors.yaml'));
    const failing = commit('failing inventory');
    expect(failing.status).not.toBe(0);
    expect(failing.output).toMatch(/residency validate\.+Passed/);
    expect(failing.output).toMatch(/residency check\.+Failed/);
    expect(failing.output).toMatch(/FAIL {2}Acme Corp: score \d+\/100/);
    expect(git('log', '--format=%s').stdout.trim()).toBe('clean inventory');
  });

  it('a commit without inventory changes skips both hooks', () => {
    git('reset', '-q', '--hard'); // back to the committed clean inventory
    writeFileSync(path.join(repo, 'notes.md'), '# notes\n');
    const other = commit('notes');
    expect(other.status).toBe(0);
    expect(other.output).toMatch(/residency validate\.+\(no files to check\)Skipped/);
    expect(other.output).toMatch(/residency check\.+\(no files to check\)Skipped/);
  });
});
