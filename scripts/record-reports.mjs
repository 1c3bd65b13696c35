#!/usr/bin/env node
// Refactor safety net (issue #14): record the output of every example, fixture and generated bench inventory in
// every format, so a behaviour-preserving change can prove the reports are byte-identical.
//
//   node scripts/record-reports.mjs --out /tmp/reports-before       # record (needs `npm run build` first)
//   node scripts/record-reports.mjs --out /tmp/reports-after --compare /tmp/reports-before
//
// Each case is one CLI run with a fixed --as-of; stdout, stderr (with the temp folder path replaced) and the exit
// code are stored under <out>/<case>.{out,err,code}. --compare lists every case whose bytes differ and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'run.js');
const AS_OF = '2026-11-28';
const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'csv'];

function arg(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const out = arg('--out');
const compare = arg('--compare');
if (!out) {
  console.error('usage: node scripts/record-reports.mjs --out DIR [--compare DIR]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) files.push(...walk(p));
    else files.push(p);
  }
  return files;
}

const inputs = [];
for (const f of readdirSync(path.join(ROOT, 'examples')).sort()) {
  if (/\.(ya?ml|json)$/.test(f) && !/waivers|workflow/.test(f)) inputs.push(`examples/${f}`);
}
for (const f of walk(path.join(ROOT, 'test', 'fixtures'))) inputs.push(path.relative(ROOT, f));
for (const d of readdirSync(path.join(ROOT, 'test', 'fixtures', 'importers')).sort()) {
  inputs.push(`test/fixtures/importers/${d}`);
}

// Generated bench inventories (small sizes, both formats, fixed seed).
const benchDir = path.join(ROOT, 'bench', 'data', 'record');
mkdirSync(benchDir, { recursive: true });
for (const [n, fmt] of [
  ['200', 'json'],
  ['200', 'yaml'],
]) {
  const file = path.join(benchDir, `inv-${n}.${fmt}`);
  // generated on every run, never reused: the generator reads the catalogue's providers and regions, so a file left
  // by an earlier checkout is another input, and two recordings would differ for that reason alone
  execFileSync(process.execPath, [
    path.join(ROOT, 'bench', 'generate.mjs'),
    '--vendors',
    n,
    '--format',
    fmt,
    '--seed',
    '1',
    '--out',
    file,
  ]);
  inputs.push(path.relative(ROOT, file));
}

const cases = [];
for (const input of inputs) {
  for (const format of FORMATS)
    cases.push({ cmd: 'check', args: [input, '--format', format, '--as-of', AS_OF, '--no-color'] });
  cases.push({ cmd: 'validate', args: [input] });
}
cases.push({
  cmd: 'check',
  args: ['examples/acme-failing.yaml', '--waivers', 'examples/waivers.yaml', '--as-of', AS_OF, '--format', 'json'],
});
cases.push({ cmd: 'rules', args: ['list'] });
cases.push({ cmd: 'catalog', args: ['providers'] });

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
let differ = 0;
for (const c of cases) {
  const key = `${c.cmd}__${c.args.join('_')}`
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+/, '')
    .slice(0, 180);
  const r = spawnSync(process.execPath, [BIN, c.cmd, ...c.args], { cwd: ROOT, env, maxBuffer: 1 << 28 });
  const err = String(r.stderr).split(out).join('<OUT>');
  writeFileSync(path.join(out, `${key}.out`), r.stdout);
  writeFileSync(path.join(out, `${key}.err`), err);
  writeFileSync(path.join(out, `${key}.code`), String(r.status));
  if (compare) {
    for (const ext of ['out', 'err', 'code']) {
      const before = path.join(compare, `${key}.${ext}`);
      const now = readFileSync(path.join(out, `${key}.${ext}`));
      if (!existsSync(before) || !readFileSync(before).equals(now)) {
        differ++;
        console.log(`DIFFERS ${key}.${ext}`);
      }
    }
  }
}
console.log(
  `${cases.length} case(s) recorded in ${out}${compare ? `; ${differ} differing file(s) against ${compare}` : ''}`,
);
if (compare && differ > 0) process.exit(1);
