/**
 * The build's last step, `oclif manifest`, takes the package's path as an argument, and reads that argument from
 * standard input when none is given and standard input is piped. A CI runner that pipes anything into `npm ci`
 * (the prepare script builds) then stopped the build with `Error: <that text>/package.json: ENOENT`. The build
 * script names the path.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/run.js';
import { ROOT } from '../helpers.js';

const pkg = mkdtempSync(path.join(tmpdir(), 'residency-build-'));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe('npm run build', () => {
  it('writes the oclif manifest whatever is piped into it', () => {
    const build = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } })
      .scripts.build;
    const manifest = build
      .split('&&')
      .map((step) => step.trim())
      .find((step) => step.startsWith('oclif manifest'));
    expect(manifest).toBeDefined();
    // a copy of the built package, its manifest step run with text on standard input
    for (const entry of ['dist', 'package.json', 'node_modules'])
      symlinkSync(path.join(ROOT, entry), path.join(pkg, entry));
    const run = runProgram('sh', ['-c', manifest as string], {
      cwd: pkg,
      input: 'not-a-path: shell noise\n',
      env: { PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    expect(run.stderr).not.toContain('ENOENT');
    expect(run.status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(pkg, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>;
    };
    expect(Object.keys(written.commands)).toContain('check');
  });
});
