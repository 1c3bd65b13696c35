/**
 * What `--version` and `--help` load. bin/run.js imports src/adapters/heap.ts on every start, so anything heap.ts
 * imports is paid by every command: the parser and the `yaml` library (what src/adapters/parse-input.ts needs) must
 * stay out of it. A loader hook logs every module the CLI resolves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hooks = path.join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
let log;
export async function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`,
);
const register = path.join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: process.env.RESIDENCY_RESOLVE_LOG } });
`,
);

/** The modules a run of the CLI resolved. */
function resolved(args: string[], name: string): string[] {
  const log = path.join(dir, `${name}.log`);
  writeFileSync(log, '');
  const run = runCliProcess(args, {
    env: { RESIDENCY_RESOLVE_LOG: log },
    nodeArgs: ['--import', pathToFileURL(register).href],
  });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('start-up', () => {
  it('--version and --help load neither the parser nor the yaml library', () => {
    for (const args of [['--version'], ['--help']]) {
      const modules = resolved(args, args[0].slice(2));
      expect(modules.some((m) => m.endsWith('/dist/adapters/heap.js'))).toBe(true);
      expect(modules.filter((m) => m.includes('/node_modules/yaml/') || m.includes('/dist/parse/'))).toEqual([]);
    }
  });

  it("a check of a valid inventory loads ajv's small runtime helpers, not its compiler, nor the regex safety check", () => {
    // CommonJS loads are not seen by the loader hook: Node's own module debug channel lists them
    const run = runCliProcess(['check', 'examples/acme-clean.yaml', '--as-of', '2026-11-28', '--quiet'], {
      env: { NODE_DEBUG: 'module' },
    });
    expect(run.status, run.stderr).toBe(0);
    const loads = [...run.stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]);
    // the channel works: the precompiled validators and the runtime helpers they need are listed
    expect(loads.some((f) => f.endsWith('/dist/schema/standalone/catalog.cjs'))).toBe(true);
    expect(loads.some((f) => f.includes('/node_modules/ajv/dist/runtime/'))).toBe(true);
    expect(
      loads.filter((f) => f.endsWith('/node_modules/ajv/dist/2020.js') || f.includes('/ajv/dist/compile/')),
    ).toEqual([]);
    // nor the regular-expression safety check, which only a rule with `matches` needs (no bundled rule has one)
    expect(loads.filter((f) => f.includes('/node_modules/safe-regex2/'))).toEqual([]);
  });

  it('a check loads them (the hook sees what is loaded)', () => {
    const modules = resolved(['check', 'examples/acme-clean.yaml', '--as-of', '2026-11-28', '--quiet'], 'check');
    expect(modules.some((m) => m.includes('/node_modules/yaml/'))).toBe(true);
    expect(modules.some((m) => m.endsWith('/dist/adapters/parse-input.js'))).toBe(true);
  });
});
