#!/usr/bin/env node
// npm run bench [-- --sizes 1k,10k,100k] [--full] [--runs N] [--no-peers] [--no-docs]
//
// Whole-process measurements, medians of N runs (default 5) after one warm-up; peak RSS from
// `/usr/bin/time -f %M` when present, else from a Node wrapper's process.resourceUsage().maxRSS of the child
// (see docs/performance.md). Rewrites the marked section of docs/performance.md with ratios measured here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseCount } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench', 'data');
const OUT = path.join(ROOT, 'bench', 'out');
const AS_OF = '2026-11-28';
const SEED = 1;

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i === -1 ? def : args[i + 1];
};
const runs = Number(opt('--runs', '5'));
let sizes = opt('--sizes', '1k,10k,100k').split(',');
if (args.includes('--full') && !sizes.includes('1M')) sizes = [...sizes, '1M'];
const peers = !args.includes('--no-peers');
const peerSizes = opt('--peer-sizes', '1k,10k,100k').split(',');
const writeDocs = !args.includes('--no-docs');
mkdirSync(DATA, { recursive: true });
mkdirSync(OUT, { recursive: true });

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const WRAP = path.join(OUT, 'rss-wrapper.mjs');
writeFileSync(
  WRAP,
  `import { spawnSync } from 'node:child_process';
const r = spawnSync(process.argv[2], process.argv.slice(3), { stdio: ['ignore', 'ignore', 'pipe'] });
process.stderr.write(String(r.stderr ?? ''));
process.stderr.write('\\nRSSKB ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = r.status ?? 2;
`,
);

/** One process run → { ms, rssMiB, status, stderr }. */
function once(cmd, argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const full = TIME ? [TIME, ['-f', 'RSSKB %M', cmd, ...argv]] : [process.execPath, [WRAP, cmd, ...argv]];
  const r = spawnSync(full[0], full[1], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const stderr = String(r.stderr ?? '');
  const m = /RSSKB (\d+)/.exec(stderr);
  return { ms, rssMiB: m ? Number(m[1]) / 1024 : Number.NaN, status: r.status, stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Warm-up + N runs; medians. `ok(status)` decides whether a run counts. */
function measure(label, cmd, argv, { n = runs, env, ok = (s) => s === 0 || s === 1 } = {}) {
  const warm = once(cmd, argv, env);
  if (!ok(warm.status)) {
    process.stderr.write(`bench: ${label} failed (exit ${warm.status}):\n${warm.stderr.slice(-2000)}\n`);
    return { label, ms: Number.NaN, rssMiB: Number.NaN, status: warm.status, stderr: warm.stderr };
  }
  const times = [];
  const rss = [];
  for (let i = 0; i < n; i++) {
    const r = once(cmd, argv, env);
    times.push(r.ms);
    rss.push(r.rssMiB);
  }
  const res = { label, ms: median(times), rssMiB: median(rss), status: warm.status };
  process.stderr.write(`bench: ${label.padEnd(48)} ${(res.ms / 1000).toFixed(3)} s  ${res.rssMiB.toFixed(0)} MiB\n`);
  return res;
}

function ensureData(size, format) {
  const file = path.join(DATA, `inv-${size}-s${SEED}.${format}`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: generating ${path.relative(ROOT, file)}\n`);
    execFileSync(
      process.execPath,
      [
        'bench/generate.mjs',
        '--vendors',
        String(parseCount(size)),
        '--format',
        format,
        '--seed',
        String(SEED),
        '--out',
        file,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
  }
  return file;
}

const floorJson = (f) => ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(f)},'utf8'))`];
const floorYaml = (f) => ['-e', `require('yaml').parse(require('fs').readFileSync(${JSON.stringify(f)},'utf8'))`];
const residency = path.join(ROOT, 'bin', 'run.js');
const checkArgs = (f, out) => [
  residency,
  'check',
  f,
  '--format',
  'json',
  '--output',
  out,
  '--as-of',
  AS_OF,
  '--fail-on',
  'never',
];

/** Region → country knowledge for the peers' rules (what a peer user would embed by hand). */
async function peerTable() {
  const { loadCatalog } = await import(path.join(ROOT, 'dist', 'io', 'workspace.js'));
  const { catalog } = await loadCatalog([]);
  const adversary = new Set();
  for (const regime of catalog.regimes.values()) {
    if (regime.jurisdiction !== 'US') continue;
    for (const m of regime.members) for (const c of [m.country, ...(m.includes ?? [])]) adversary.add(c);
  }
  const adversaryRegions = {};
  for (const [provider, regions] of catalog.regionIndex) {
    const ids = [...regions.values()].filter((r) => adversary.has(r.country)).map((r) => r.id);
    if (ids.length) adversaryRegions[provider] = [...new Set(ids)].sort();
  }
  const cutoff = new Date(Date.parse(`${AS_OF}T00:00:00Z`) - 365 * 86400000).toISOString().slice(0, 10);
  return { asOf: AS_OF, cutoff, adversaryCountries: [...adversary].sort(), adversaryRegions };
}

const COMPARABLE = ['adversary-hosted-data', 'assessment-overdue'];

function residencyKeys(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  return report.findings
    .filter((f) => COMPARABLE.includes(f.ruleId))
    .map((f) => `${f.ruleId}\t${f.vendor?.id ?? ''}\t${f.service?.id ?? ''}`)
    .sort();
}

function spectralKeys(outFile, inventoryFile) {
  const results = JSON.parse(readFileSync(outFile, 'utf8'));
  const text = readFileSync(inventoryFile, 'utf8');
  const inv = inventoryFile.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  return results
    .filter((r) => COMPARABLE.includes(r.code))
    .map((r) => {
      const v = inv.vendors[r.path[1]];
      const s = r.path[2] === 'services' ? v.services[r.path[3]] : undefined;
      return `${r.code}\t${v.id}\t${s?.id ?? ''}`;
    })
    .sort();
}

function sameKeys(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function main() {
  const results = { runs, sizes, rows: [], peers: [], cold: [], big: [] };
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);

  for (const size of sizes.filter((s) => s !== '1M')) {
    for (const format of ['json', 'yaml']) {
      const file = ensureData(size, format);
      const bytes = statSync(file).size;
      const out = path.join(OUT, `report-${size}-${format}.json`);
      const floor = measure(
        `floor ${format} ${size}`,
        process.execPath,
        format === 'json' ? floorJson(file) : floorYaml(file),
      );
      const run = measure(`residency check ${format} ${size}`, process.execPath, checkArgs(file, out));
      results.rows.push({ size, format, bytes, floor, run });
      if (peers && format === 'json' && peerSizes.includes(size)) {
        const table = await peerTable();
        const tableFile = path.join(OUT, 'peer-table.json');
        writeFileSync(tableFile, JSON.stringify(table));
        const ours = residencyKeys(out);
        const jreOut = path.join(OUT, `jre-${size}.keys`);
        const jre = measure(`json-rules-engine ${size}`, process.execPath, [
          path.join(ROOT, 'bench', 'peers', 'jre.mjs'),
          file,
          tableFile,
          jreOut,
        ]);
        const jreKeys = readFileSync(jreOut, 'utf8').split('\n').filter(Boolean);
        const ruleset = path.join(OUT, 'spectral-ruleset.mjs');
        writeFileSync(
          ruleset,
          readFileSync(path.join(ROOT, 'bench', 'peers', 'spectral-ruleset.template.mjs'), 'utf8').replace(
            '__TABLE__',
            JSON.stringify(table),
          ),
        );
        const spOut = path.join(OUT, `spectral-${size}.json`);
        const spectral = measure(
          `spectral cli ${size}`,
          path.join(ROOT, 'node_modules', '.bin', 'spectral'),
          ['lint', file, '--ruleset', ruleset, '-f', 'json', '-o', spOut, '--fail-severity', 'error', '-q'],
          { ok: (s) => s === 0 || s === 1 },
        );
        let spKeys;
        try {
          spKeys = spectralKeys(spOut, file);
        } catch {
          spKeys = undefined;
        }
        results.peers.push({
          size,
          floor,
          run,
          jre,
          spectral,
          keys: ours.length,
          jreAgrees: sameKeys(ours, jreKeys),
          spectralAgrees: spKeys ? sameKeys(ours, spKeys) : false,
        });
      }
    }
  }

  // cold start
  const min = path.join(ROOT, 'bench', 'oclif-min', 'bin', 'run.js');
  const coldRuns = Math.max(runs, 10);
  const nodeZero = measure('node -e 0', process.execPath, ['-e', '0'], { n: coldRuns });
  const minVersion = measure('minimal oclif --version', process.execPath, [min, '--version'], { n: coldRuns });
  const minHelp = measure('minimal oclif --help', process.execPath, [min, '--help'], { n: coldRuns });
  const minCmd = measure('minimal oclif hello', process.execPath, [min, 'hello'], { n: coldRuns });
  const resVersion = measure('residency --version', process.execPath, [residency, '--version'], { n: coldRuns });
  const resHelp = measure('residency --help', process.execPath, [residency, '--help'], { n: coldRuns });
  const resCheck = measure(
    'residency check examples/minimal.yaml',
    process.execPath,
    [residency, 'check', 'examples/minimal.yaml', '--as-of', AS_OF],
    { n: coldRuns },
  );
  results.cold = { nodeZero, minVersion, minHelp, minCmd, resVersion, resHelp, resCheck };

  // 1M: default limit, then a raised one
  if (sizes.includes('1M')) {
    const file = ensureData('1M', 'json');
    const out = path.join(OUT, 'report-1M-json.json');
    const def = once(process.execPath, checkArgs(file, out));
    const raised = once(process.execPath, [...checkArgs(file, out), '--max-input-size', '2GB']);
    results.big = [
      { label: 'default --max-input-size', bytes: statSync(file).size, ...def },
      { label: '--max-input-size 2GB', bytes: statSync(file).size, ...raised },
    ];
    for (const b of results.big)
      process.stderr.write(
        `bench: 1M ${b.label}: exit ${b.status} in ${(b.ms / 1000).toFixed(1)} s\n${b.stderr.replace(/RSSKB \d+\n?/, '')}\n`,
      );
  }

  writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = render(results, ratio);
  process.stdout.write(md);
  if (writeDocs) {
    const doc = path.join(ROOT, 'docs', 'performance.md');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const old = existsSync(doc) ? readFileSync(doc, 'utf8') : `# Performance\n\n${start}\n${end}\n`;
    const a = old.indexOf(start);
    const b = old.indexOf(end);
    if (a === -1 || b === -1) throw new Error('docs/performance.md has no bench markers');
    writeFileSync(doc, `${old.slice(0, a + start.length)}\n${md}${old.slice(b)}`);
    process.stderr.write('bench: docs/performance.md updated\n');
  }
}

function render(r, ratio) {
  const s = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'failed');
  const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
  const mib = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} MiB` : 'n/a');
  const lines = [];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu} (\`nproc\` ${os.availableParallelism?.() ?? os.cpus().length}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, Node ${process.version}, ${os.type()} ${os.release()}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
  );
  lines.push(
    `Command: \`npm run bench -- --runs ${r.runs} --sizes ${r.sizes.join(',')}\`. Medians of ${r.runs} runs after one warm-up (cold start: ${Math.max(r.runs, 10)}); peak RSS by ${TIME ? '`/usr/bin/time -f %M`' : "a Node wrapper's `process.resourceUsage().maxRSS`"}.`,
  );
  lines.push('');
  lines.push(
    '| input | size | floor (read + parse) | residency check (JSON report to a file) | ratio | floor peak RSS | residency peak RSS | ratio |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    lines.push(
      `| ${row.size} vendors ${row.format.toUpperCase()} | ${(row.bytes / 1024 / 1024).toFixed(0)} MiB | ${s(row.floor.ms)} | ${s(row.run.ms)} | ${x(ratio(row.run.ms, row.floor.ms))} | ${mib(row.floor.rssMiB)} | ${mib(row.run.rssMiB)} | ${x(ratio(row.run.rssMiB, row.floor.rssMiB))} |`,
    );
  }
  const j = (size) => r.rows.find((row) => row.size === size && row.format === 'json');
  if (j('10k') && j('100k'))
    lines.push('', `Scaling, JSON: 100k / 10k = ${x(ratio(j('100k').run.ms, j('10k').run.ms))} (target ≤ 12×).`);
  const y = (size) => r.rows.find((row) => row.size === size && row.format === 'yaml');
  if (y('10k') && y('100k')) lines.push(`Scaling, YAML: 100k / 10k = ${x(ratio(y('100k').run.ms, y('10k').run.ms))}.`);
  if (r.peers.length) {
    lines.push(
      '',
      `Peers on the comparable rules (${COMPARABLE.join(', ')}; region → country table embedded in their rules), JSON input:`,
      '',
    );
    lines.push(
      '| size | floor | residency (full rule pack, report) | json-rules-engine | Spectral CLI | jre / residency | Spectral / residency | findings compared | agree |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of r.peers) {
      const agree = `jre ${p.jreAgrees ? 'yes' : 'NO (void)'}, Spectral ${p.spectralAgrees ? 'yes' : 'NO (void)'}`;
      lines.push(
        `| ${p.size} | ${s(p.floor.ms)} | ${s(p.run.ms)} / ${mib(p.run.rssMiB)} | ${s(p.jre.ms)} / ${mib(p.jre.rssMiB)} | ${s(p.spectral.ms)} / ${mib(p.spectral.rssMiB)} | ${x(ratio(p.jre.ms, p.run.ms))} | ${x(ratio(p.spectral.ms, p.run.ms))} | ${p.keys} | ${agree} |`,
      );
    }
  }
  const c = r.cold;
  lines.push('', '| cold start | residency | minimal oclif CLI | ratio |', '|---|---|---|---|');
  lines.push(
    `| \`--version\` | ${s(c.resVersion.ms)} | ${s(c.minVersion.ms)} | ${x(ratio(c.resVersion.ms, c.minVersion.ms))} |`,
  );
  lines.push(`| \`--help\` | ${s(c.resHelp.ms)} | ${s(c.minHelp.ms)} | ${x(ratio(c.resHelp.ms, c.minHelp.ms))} |`);
  lines.push(
    `| \`check examples/minimal.yaml\` vs \`hello\` | ${s(c.resCheck.ms)} | ${s(c.minCmd.ms)} | ${x(ratio(c.resCheck.ms, c.minCmd.ms))} |`,
  );
  lines.push(`| \`node -e 0\` | ${s(c.nodeZero.ms)} | | |`);
  if (r.big.length) {
    lines.push('', '1M vendors:', '');
    for (const b of r.big) {
      const msg = b.stderr
        .replace(/RSSKB \d+\n?/, '')
        .trim()
        .split('\n')
        .slice(0, 3)
        .join(' / ');
      lines.push(
        `- ${(b.bytes / 1024 / 1024).toFixed(0)} MiB JSON, ${b.label}: exit ${b.status} after ${s(b.ms)}, peak ${mib(b.rssMiB)}: \`${msg}\``,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
