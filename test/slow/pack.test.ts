import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_TIMEOUT, npmEnv, type Run, run, scratchClone } from '../ci/scratch.js';
import { AS_OF, ROOT } from '../helpers.js';

// `npm pack` in a copy of the repository (prepack empties dist/, prepare rebuilds it, so this checkout's
// dist/ is never touched while other tests use it), then a global install of the tarball into a
// temporary prefix, as a user would install it on a machine without the clone.
describe('npm pack gives a tarball that installs globally and runs', () => {
  let work: string;
  let tarball: string;
  let contents: string[];
  let prefix: string;
  let install: Run;
  const residency = (args: string[], cwd = path.dirname(prefix)) =>
    run(path.join(prefix, 'bin', 'residency'), args, { cwd, env: { PATH: process.env.PATH } });

  beforeAll(() => {
    const clone = scratchClone('pack', { linkNodeModules: true });
    work = path.dirname(clone);
    const packed = run('npm', ['pack', '--pack-destination', work, '--json'], { cwd: clone, env: npmEnv(work) });
    if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    // npm prints the lifecycle scripts' output before its JSON
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('\n[') + 1)) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = path.join(work, info[0].filename);
    contents = info[0].files.map((f) => f.path);
    prefix = path.join(work, 'prefix');
    install = run('npm', ['install', '--global', tarball], { cwd: work, env: npmEnv(prefix) });
  }, INSTALL_TIMEOUT);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the tarball holds what runs: dist, the rule pack, the catalogue, schemas, the snapshot and the oclif manifest', () => {
    for (const file of [
      'bin/run.js',
      'oclif.manifest.json',
      'package.json',
      'rules/adversary-hosted-data.yaml',
      'rules/catalog/regimes.yaml',
      'schemas/inventory.schema.json',
    ]) {
      expect(contents).toContain(file);
    }
    expect(contents.filter((f) => f.startsWith('dist/')).length).toBeGreaterThan(50);
    expect(contents.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('node_modules/'))).toBe(
      false,
    );
    expect(readdirSync(work)).toContain(path.basename(tarball));
  });

  it('installs globally into a prefix', () => {
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
  });

  it('`residency --version` runs from the installed copy', () => {
    const version = residency(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^residency\/0\.\d+\.\d+ /);
  });

  it('the installed copy checks an inventory outside the clone with the bundled rules, and has help', () => {
    const check = residency(['check', path.join(ROOT, 'examples', 'acme-failing.yaml'), '--as-of', AS_OF, '-q']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/FAIL {2}Acme Corp: score \d+\/100 .* [1-9]\d* finding\(s\)/);
    const help = residency(['help', 'check']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('$ residency check FILES...');
  });
});
