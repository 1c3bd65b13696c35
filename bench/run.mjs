#!/usr/bin/env node
// npm run bench [-- --sizes 1k,10k,100k] [--shapes minified,pretty,…] [--full] [--runs N] [--no-peers]
//                  [--peer-sizes 1k,10k,100k] [--no-commands] [--no-cold] [--no-docs] [--quick] [--merge]
//
// Whole-process measurements. For every size and input shape (bench/generate.mjs --shape), the floor (read +
// JSON.parse of the same file) and `residency check` are run ALTERNATELY (floor, check, floor, check, …) after
// one warm-up each, and the medians compared: on a shared machine both sides see the same load. Peak RSS from
// `/usr/bin/time -f %M` when present (with the CPU time, user + system), else from a Node wrapper's
// process.resourceUsage() of the child. `--quick`: sizes 1k,10k, shapes minified,pretty, 3 runs, no peers, no
// cold start, the other commands at 10k. Rewrites the marked section of docs/performance.md (not with --quick).
// `--merge`: re-run part of the bench and keep the rest of the previous bench/out/results.json: every check row
// (size, format, shape), peers table (size), the other commands, cold start, 1M and refused-YAML result that this
// run did not measure is kept, marked in the docs with the date, options and load of the run that measured it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCount, SHAPES } from './generate.mjs';

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
const quick = args.includes('--quick');
const runs = Number(opt('--runs', quick ? '3' : '5'));
let sizes = opt('--sizes', quick ? '1k,10k' : '1k,10k,100k').split(',');
if (args.includes('--full') && !sizes.includes('1M')) sizes = [...sizes, '1M'];
const shapes = opt('--shapes', quick ? 'minified,pretty' : SHAPES.join(',')).split(',');
for (const shape of shapes) if (!SHAPES.includes(shape)) throw new Error(`unknown shape '${shape}'`);
const peers = !quick && !args.includes('--no-peers');
const peerSizes = opt('--peer-sizes', '1k,10k,100k').split(',');
const commands = !args.includes('--no-commands');
const cold = !quick && !args.includes('--no-cold');
const writeDocs = !quick && !args.includes('--no-docs');
const merge = args.includes('--merge');
const loadSamples = [];
const sampleLoad = () => loadSamples.push(os.loadavg()[0]);
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

/** One process run → { ms, cpuMs, rssMiB, status, stderr }. */
function once(cmd, argv, env = {}) {
  sampleLoad();
  const t0 = process.hrtime.bigint();
  const full = TIME ? [TIME, ['-f', 'RSSKB %M CPU %U %S', cmd, ...argv]] : [process.execPath, [WRAP, cmd, ...argv]];
  const r = spawnSync(full[0], full[1], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    // the `invalid` shape's 100k located errors are ~50 MB of standard error
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const stderr = String(r.stderr ?? '');
  const m = /RSSKB (\d+)(?: CPU ([\d.]+) ([\d.]+))?/.exec(stderr);
  const cpuMs = m?.[2] ? (Number(m[2]) + Number(m[3])) * 1000 : Number.NaN;
  return { ms, cpuMs, rssMiB: m ? Number(m[1]) / 1024 : Number.NaN, status: r.status, stderr };
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

/**
 * Floor and residency measured alternately: one warm-up each, then `n` rounds of (floor, check); medians of
 * each side and the median of the per-round ratios (robust when the machine's load changes during the run).
 */
function measurePair(label, floorArgv, checkArgv, { n = runs, ok = (s) => s === 0 || s === 1 } = {}) {
  const warmFloor = once(process.execPath, floorArgv);
  const warm = once(process.execPath, checkArgv);
  if (!ok(warm.status) || warmFloor.status !== 0) {
    const failed = !ok(warm.status) ? warm : warmFloor;
    process.stderr.write(`bench: ${label} failed (exit ${failed.status}):\n${failed.stderr.slice(-2000)}\n`);
    const nan = { ms: Number.NaN, cpuMs: Number.NaN, rssMiB: Number.NaN, status: failed.status, stderr: failed.stderr };
    return { floor: { label: `floor ${label}`, ...nan }, run: { label, ...nan }, roundRatio: Number.NaN };
  }
  const f = { ms: [], cpuMs: [], rss: [] };
  const c = { ms: [], cpuMs: [], rss: [] };
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const a = once(process.execPath, floorArgv);
    const b = once(process.execPath, checkArgv);
    for (const [side, r] of [
      [f, a],
      [c, b],
    ]) {
      side.ms.push(r.ms);
      side.cpuMs.push(r.cpuMs);
      side.rss.push(r.rssMiB);
    }
    ratios.push(b.ms / a.ms);
  }
  const summary = (side, l) => ({
    label: l,
    ms: median(side.ms),
    cpuMs: median(side.cpuMs),
    rssMiB: median(side.rss),
    status: 0,
  });
  const floor = summary(f, `floor ${label}`);
  const run = summary(c, label);
  const roundRatio = median(ratios);
  process.stderr.write(
    `bench: ${label.padEnd(40)} floor ${(floor.ms / 1000).toFixed(3)} s ${floor.rssMiB.toFixed(0)} MiB | check ${(run.ms / 1000).toFixed(3)} s ${run.rssMiB.toFixed(0)} MiB | ${roundRatio.toFixed(2)}× (load ${os.loadavg()[0].toFixed(1)})\n`,
  );
  return { floor, run, roundRatio };
}

/** Data file of a size, format and shape (the pretty shape keeps its historical name). */
function ensureData(size, format, shape = 'pretty') {
  const suffix = shape === 'pretty' ? '' : `-${shape}`;
  const file = path.join(DATA, `inv-${size}-s${SEED}${suffix}.${format}`);
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
        '--shape',
        shape,
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

/**
 * Static reference tables for the peers, built from the catalogue only (never from the inventory): what a user of a
 * generic rules engine would have to write by hand to express the comparable rules. See docs/performance.md.
 *   adversaryCountries   countries of the US foreign-adversary / country-of-concern regimes (HK, MO count as CN)
 *   adversaryRegions     provider → region / zone ids located in an adversary country
 *   adversaryProviders   providers whose controlling ownership chain reaches an adversary country
 *   adversaryOperatedRegions  provider → region ids run by an adversary-controlled operator (AWS China, Azure China)
 *   listedProviders      providers with an entity on a restricted list anywhere in their ownership chain
 *   listedRegions        provider → region ids whose adversary operator (taking over control of the service from a
 *                        non-adversary provider) has a listed entity in its chain
 *   sensitiveCategories  data categories that are sensitive personal data
 *   asOf, cutoff         the assessment date and asOf − 365 days
 */
async function peerTable() {
  const { loadCatalog } = await import(path.join(ROOT, 'dist', 'adapters', 'workspace.js'));
  const { SENSITIVE_CATEGORIES } = await import(path.join(ROOT, 'dist', 'model', 'types.js'));
  const { catalog } = await loadCatalog([]);
  const adversary = new Set();
  for (const regime of catalog.regimes.values()) {
    if (regime.jurisdiction !== 'US') continue;
    for (const m of regime.members) for (const c of [m.country, ...(m.includes ?? [])]) adversary.add(c);
  }
  const isAdv = (e) => adversary.has(e.country) || adversary.has(e.principalPlaceOfBusiness);
  // an entity's ownership chain (controlling owner first), its controlling prefix and its restricted lists
  const control = (entityId) => {
    const chain = [];
    const seen = new Set();
    for (let id = entityId, pct; id && !seen.has(id) && chain.length < 32; ) {
      seen.add(id);
      const e = catalog.entities.get(id);
      if (!e) break;
      chain.push({ e, pct });
      id = e.owners?.[0]?.entity;
      pct = e.owners?.[0]?.percent;
    }
    let end = chain.length;
    for (let i = 1; i < chain.length; i++)
      if (chain[i].pct !== undefined && chain[i].pct < 50) {
        end = i;
        break;
      }
    const listed = chain.some(
      ({ e }) =>
        (e.lists ?? []).length > 0 ||
        (e.owners ?? []).slice(1).some((o) => (catalog.entities.get(o.entity)?.lists ?? []).length > 0),
    );
    return { adversary: chain.slice(0, end).some(({ e }) => isAdv(e)), listed };
  };
  const adversaryRegions = {};
  const adversaryProviders = [];
  const adversaryOperatedRegions = {};
  const listedProviders = [];
  const listedRegions = {};
  const add = (map, key, id) => {
    map[key] ??= [];
    if (!map[key].includes(id)) map[key].push(id);
  };
  for (const [id, provider] of catalog.providers) {
    const own = control(provider.entity);
    if (own.adversary) adversaryProviders.push(id);
    if (own.listed) listedProviders.push(id);
    const places = [...(catalog.regionIndex.get(id) ?? []), ...(catalog.zoneIndex.get(id) ?? [])];
    for (const [placeId, region] of places) {
      if (adversary.has(region.country)) add(adversaryRegions, id, placeId);
      if (!region.operator) continue;
      const op = control(region.operator);
      if (op.adversary) add(adversaryOperatedRegions, id, placeId);
      if (op.adversary && !own.adversary && op.listed) add(listedRegions, id, placeId);
    }
  }
  for (const map of [adversaryRegions, adversaryOperatedRegions, listedRegions])
    for (const l of Object.values(map)) l.sort();
  const cutoff = new Date(Date.parse(`${AS_OF}T00:00:00Z`) - 365 * 86400000).toISOString().slice(0, 10);
  return {
    asOf: AS_OF,
    cutoff,
    adversaryCountries: [...adversary].sort(),
    sensitiveCategories: [...SENSITIVE_CATEGORIES],
    adversaryRegions,
    adversaryProviders: adversaryProviders.sort(),
    adversaryOperatedRegions,
    listedProviders: listedProviders.sort(),
    listedRegions,
  };
}

/**
 * The 6 rules every peer implements (docs/performance.md says why these and not the others): those computable from
 * the raw inventory plus the static table. `personal-data-adversary-provider` and `no-regulatory-termination-clause`
 * left the comparison when they moved onto residency's legal model (issue #12: the service's counterparty, covered
 * persons, the data sets' DSP verdicts, owners named without a share as unknown), which a generic engine over the
 * raw inventory could express only by re-implementing that model.
 */
const COMPARABLE = [
  'adversary-hosted-data',
  'adversary-controlled-provider',
  'critical-dependency-without-exit-plan',
  'provider-held-keys',
  'assessment-overdue',
  'restricted-list-entity',
];

/** Finding key: rule, vendor id, service id ('' for vendor scope), data-set index ('' unless data scope). */
function residencyKeys(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  return report.findings
    .filter((f) => COMPARABLE.includes(f.ruleId))
    .map((f) => `${f.ruleId}\t${f.vendor?.id ?? ''}\t${f.service?.id ?? ''}\t${f.data?.index ?? ''}`)
    .sort();
}

/** The peers of issue #7, each a whole process reading the same inventory and writing its sorted keys. */
const PEERS = [
  { id: 'handwritten', label: 'hand-written JavaScript', script: 'handwritten.mjs' },
  { id: 'jsonlogic', label: 'json-logic-js', script: 'jsonlogic.mjs' },
  { id: 'jre', label: 'json-rules-engine', script: 'jre.mjs' },
  { id: 'spectral-api', label: 'Spectral API, without positions', script: 'spectral-api.mjs' },
  { id: 'spectral-cli', label: 'Spectral CLI (with line/column positions)' },
];

let peerFiles;
/** The reference table (once per bench run) and the Spectral CLI's ruleset with the table inlined. */
async function preparePeers() {
  if (peerFiles) return peerFiles;
  const tableFile = path.join(OUT, 'peer-table.json');
  const table = await peerTable();
  writeFileSync(tableFile, `${JSON.stringify(table, null, 2)}\n`);
  const ruleset = path.join(OUT, 'spectral-ruleset.mjs');
  writeFileSync(
    ruleset,
    `// generated by bench/run.mjs: the peers' Spectral ruleset with the reference table inlined\nimport { makeRuleset } from ${JSON.stringify(path.join(ROOT, 'bench', 'peers', 'spectral-ruleset.mjs'))};\n\nexport default makeRuleset(${JSON.stringify(table)});\n`,
  );
  peerFiles = { tableFile, ruleset };
  return peerFiles;
}

function readKeys(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Compare a peer's keys with residency's; on a mismatch print the first differing keys. */
function compareKeys(label, ours, theirs) {
  if (!theirs) return { agrees: false, missing: Number.NaN, extra: Number.NaN };
  const a = new Set(ours);
  const b = new Set(theirs);
  const missing = ours.filter((k) => !b.has(k));
  const extra = theirs.filter((k) => !a.has(k));
  const agrees = missing.length === 0 && extra.length === 0 && ours.length === theirs.length;
  if (!agrees) {
    const show = (xs) => xs.slice(0, 5).map((k) => `    ${k.replaceAll('\t', ' | ')}`);
    process.stderr.write(
      [
        `bench: ${label} is VOID: ${theirs.length} keys vs residency's ${ours.length} (${missing.length} missing, ${extra.length} extra)`,
        ...(missing.length ? ['  missing (residency has, the peer does not):', ...show(missing)] : []),
        ...(extra.length ? ['  extra (the peer has, residency does not):', ...show(extra)] : []),
        '',
      ].join('\n'),
    );
  }
  return { agrees, missing: missing.length, extra: extra.length };
}

async function runPeers(size, file, reportFile, floor, run) {
  const { tableFile, ruleset } = await preparePeers();
  const ours = residencyKeys(reportFile);
  const inv = JSON.parse(readFileSync(file, 'utf8'));
  const vendors = inv.vendors.length;
  const services = inv.vendors.reduce((n, v) => n + (v.services?.length ?? 0), 0);
  const rows = [];
  for (const peer of PEERS) {
    const label = `${peer.label} ${size}`;
    let m;
    let keys;
    if (peer.script) {
      const keysFile = path.join(OUT, `${peer.id}-${size}.keys`);
      rmSync(keysFile, { force: true });
      m = measure(
        label,
        process.execPath,
        [path.join(ROOT, 'bench', 'peers', peer.script), file, tableFile, keysFile],
        {
          ok: (s) => s === 0,
        },
      );
      if (existsSync(keysFile)) keys = readKeys(keysFile);
    } else {
      const spOut = path.join(OUT, `${peer.id}-${size}.json`);
      rmSync(spOut, { force: true });
      m = measure(
        label,
        path.join(ROOT, 'node_modules', '.bin', 'spectral'),
        ['lint', file, '--ruleset', ruleset, '-f', 'json', '-o', spOut, '--fail-severity', 'error', '-q'],
        { ok: (s) => s === 0 || s === 1 },
      );
      if (existsSync(spOut)) {
        const { spectralKey } = await import(path.join(ROOT, 'bench', 'peers', 'common.mjs'));
        keys = JSON.parse(readFileSync(spOut, 'utf8'))
          .map((r) => spectralKey(inv, r.code, r.path))
          .sort();
      }
    }
    rows.push({
      id: peer.id,
      label: peer.label,
      ms: m.ms,
      rssMiB: m.rssMiB,
      keys: keys?.length,
      ...compareKeys(label, ours, keys),
    });
  }
  return {
    size,
    bytes: statSync(file).size,
    vendors,
    services,
    rules: COMPARABLE,
    floor,
    run,
    keys: ours.length,
    rows,
  };
}

/** Cold start of residency against a minimal oclif CLI (same @oclif/core). */
function coldStart() {
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
  return { nodeZero, minVersion, minHelp, minCmd, resVersion, resHelp, resCheck };
}

/**
 * validate, check --sign, import, diff and verify on the largest size's inputs (issue 13: linear, and within
 * check's memory bound), each alternated with its own floor: read + parse of the same input(s).
 */
async function otherCommands() {
  const size = sizes.filter((x) => x !== '1M').at(-1);
  const minified = ensureData(size, 'json', 'minified');
  const pretty = ensureData(size, 'json', 'pretty');
  const reportA = path.join(OUT, `report-${size}-minified.json`);
  const reportB = path.join(OUT, `report-${size}-pretty.json`);
  for (const [input, report] of [
    [minified, reportA],
    [pretty, reportB],
  ])
    if (!existsSync(report)) once(process.execPath, checkArgs(input, report));
  // a signed report for verify
  const { generateKeyPairSync } = await import('node:crypto');
  const keys = generateKeyPairSync('ed25519');
  const priv = path.join(OUT, 'bench-key.pem');
  const pub = path.join(OUT, 'bench-key.pub.pem');
  writeFileSync(priv, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const signed = path.join(OUT, `report-${size}-signed.json`);
  once(process.execPath, [...checkArgs(minified, signed), '--sign', priv]);
  // a CSV of the same vendors for import (one row per vendor: name, country)
  const csv = path.join(DATA, `vendors-${size}-s${SEED}.csv`);
  if (!existsSync(csv)) {
    const inv = JSON.parse(readFileSync(minified, 'utf8'));
    const rows = inv.vendors.map((v) => `"${v.name.replaceAll('"', '""')}",${v.country ?? ''},${v.criticality ?? ''}`);
    writeFileSync(csv, `vendor,country,description\n${rows.join('\n')}\n`);
  }
  const readBoth = (a, b) => [
    '-e',
    `for (const f of [${JSON.stringify(a)}, ${JSON.stringify(b)}]) JSON.parse(require('fs').readFileSync(f, 'utf8'))`,
  ];
  const readCsv = (f) => [
    '-e',
    `require('csv-parse/sync').parse(require('fs').readFileSync(${JSON.stringify(f)}, 'utf8'), { columns: true })`,
  ];
  const list = [
    {
      command: 'validate',
      input: minified,
      floor: floorJson(minified),
      argv: [residency, 'validate', minified],
      ok: (x) => x === 0,
    },
    {
      command: 'diff',
      input: reportA,
      floor: readBoth(reportA, reportB),
      argv: [residency, 'diff', reportA, reportB],
      ok: (x) => x === 0 || x === 1,
    },
    {
      // a signed report is written a piece at a time like any other (pass 17): the inventory's floor, as check's
      command: 'check --sign',
      input: minified,
      floor: floorJson(minified),
      argv: [...checkArgs(minified, path.join(OUT, `report-${size}-signed-again.json`)), '--sign', priv],
      ok: (x) => x === 0 || x === 1,
    },
    {
      command: 'verify',
      input: signed,
      floor: floorJson(signed),
      argv: [residency, 'verify', signed, '--key', pub],
      ok: (x) => x === 0,
    },
    {
      command: 'import',
      input: csv,
      floor: readCsv(csv),
      argv: [residency, 'import', csv],
      ok: (x) => x === 0,
    },
  ];
  const rows = [];
  for (const c of list) {
    const pair = measurePair(`${c.command} ${size}`, c.floor, c.argv, { ok: c.ok });
    rows.push({ command: c.command, size, bytes: statSync(c.input).size, ...pair });
  }
  return rows;
}

async function main() {
  const results = {
    date: new Date().toISOString(),
    runs,
    sizes,
    shapes,
    rows: [],
    peers: [],
    cold: undefined,
    big: [],
    commands: [],
  };
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);

  for (const size of sizes.filter((s) => s !== '1M')) {
    for (const shape of shapes) {
      const file = ensureData(size, 'json', shape);
      const bytes = statSync(file).size;
      const out = path.join(OUT, `report-${size}-${shape}.json`);
      // `invalid` is answered with exit 2 and its errors, no report (none is left from an earlier run either)
      const invalid = shape === 'invalid';
      if (invalid) rmSync(out, { force: true });
      const { floor, run, roundRatio } = measurePair(
        `check ${shape} ${size}`,
        floorJson(file),
        checkArgs(file, out),
        invalid ? { ok: (status) => status === 2 } : {},
      );
      const reportBytes = existsSync(out) ? statSync(out).size : Number.NaN;
      results.rows.push({ size, format: 'json', shape, bytes, reportBytes, floor, run, roundRatio });
      if (peers && shape === 'pretty' && peerSizes.includes(size))
        results.peers.push(await runPeers(size, file, out, floor, run));
    }
    // YAML (pretty): within 1.5× of the yaml library's own parse; 100k is refused before it is read
    const yamlFile = ensureData(size, 'yaml');
    const yamlBytes = statSync(yamlFile).size;
    const yamlOut = path.join(OUT, `report-${size}-yaml.json`);
    if (parseCount(size) <= 10_000) {
      const { floor, run, roundRatio } = measurePair(
        `check yaml ${size}`,
        floorYaml(yamlFile),
        checkArgs(yamlFile, yamlOut),
      );
      results.rows.push({ size, format: 'yaml', shape: 'pretty', bytes: yamlBytes, floor, run, roundRatio });
    } else {
      const refused = once(process.execPath, checkArgs(yamlFile, yamlOut));
      // the file named as the bench's other rows name it, from the project's root (not this machine's path)
      const message = refused.stderr
        .replace(/RSSKB.*\n?/, '')
        .trim()
        .split('\n')[0]
        .replaceAll(`${ROOT}${path.sep}`, '');
      process.stderr.write(
        `bench: check yaml ${size}: exit ${refused.status} after ${(refused.ms / 1000).toFixed(2)} s: ${message}\n`,
      );
      results.yamlRefused = {
        size,
        bytes: yamlBytes,
        ms: refused.ms,
        rssMiB: refused.rssMiB,
        status: refused.status,
        message,
      };
    }
  }

  if (commands) results.commands = await otherCommands();

  // cold start
  if (cold) results.cold = coldStart();

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

  results.load = {
    min: Math.min(...loadSamples),
    max: Math.max(...loadSamples),
    mean: loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length,
  };
  const resultsFile = path.join(OUT, quick ? 'results-quick.json' : 'results.json');
  const merged = merge ? mergeResults(results, resultsFile) : results;
  writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
  const md = render(merged, ratio);
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

/**
 * `--merge`: this run's results plus every part of the previous results file this run did not measure. A kept part
 * gets `from` (date, runs, sizes, shapes, load of the run that measured it; kept through later merges). Earlier
 * peers tables compared on another rule set than COMPARABLE are dropped (and said so): they would not be comparable.
 */
function mergeResults(fresh, file) {
  if (!existsSync(file)) {
    process.stderr.write(`bench: --merge: no ${path.relative(ROOT, file)}, nothing to keep\n`);
    return fresh;
  }
  const prev = JSON.parse(readFileSync(file, 'utf8'));
  const stamp = {
    date: prev.date ?? statSync(file).mtime.toISOString(),
    runs: prev.runs,
    sizes: prev.sizes,
    shapes: prev.shapes,
    load: prev.load,
  };
  const keep = (x) => ({ ...x, from: x.from ?? stamp });
  const kept = [];
  /** Previous items whose key this run did not measure, kept, then this run's; in bench order. */
  const union = (old = [], now, keyOf, order) => {
    const measured = new Set(now.map(keyOf));
    const olds = old.filter((x) => !measured.has(keyOf(x))).map(keep);
    kept.push(...olds.map(keyOf));
    return [...olds, ...now].sort((a, b) => order(a) - order(b));
  };
  const sizeOrder = (x) => parseCount(x.size);
  const rowOrder = (x) => sizeOrder(x) * 100 + (x.format === 'yaml' ? 50 : 0) + SHAPES.indexOf(x.shape);
  const sameRules = (p) => Array.isArray(p.rules) && p.rules.join() === COMPARABLE.join();
  const stale = (prev.peers ?? []).filter((p) => !sameRules(p) && !fresh.peers.some((q) => q.size === p.size));
  for (const p of stale)
    process.stderr.write(
      `bench: --merge: dropping the earlier peers at ${p.size} (compared on other rules than the ${COMPARABLE.length} now); re-run them with --sizes ${p.size} --shapes pretty\n`,
    );
  const out = {
    ...fresh,
    merged: true,
    rows: union(prev.rows, fresh.rows, (x) => `check ${x.size} ${x.format} ${x.shape}`, rowOrder),
    peers: union((prev.peers ?? []).filter(sameRules), fresh.peers, (x) => `peers ${x.size}`, sizeOrder),
  };
  if (fresh.commands.length === 0 && prev.commands?.length) {
    out.commands = prev.commands.map(keep);
    kept.push('other commands');
  }
  if (fresh.cold === undefined && prev.cold) {
    out.cold = keep(prev.cold);
    kept.push('cold start');
  }
  if (fresh.big.length === 0 && prev.big?.length) {
    out.big = prev.big.map(keep);
    kept.push('1M');
  }
  if (!fresh.yamlRefused && prev.yamlRefused && !fresh.sizes.includes(prev.yamlRefused.size)) {
    out.yamlRefused = keep(prev.yamlRefused);
    kept.push(`yaml ${prev.yamlRefused.size} refused`);
  }
  process.stderr.write(
    `bench: --merge: kept from ${path.relative(ROOT, file)} (${stamp.date}): ${kept.join(', ') || 'nothing'}\n`,
  );
  return out;
}

/** This run's options that decide what a `--merge` run measured (shown in the docs' command line). */
function mergeFlags() {
  const flags = [' --merge'];
  if (!peers) flags.push('--no-peers');
  else if (args.includes('--peer-sizes')) flags.push(`--peer-sizes ${peerSizes.join(',')}`);
  if (!commands) flags.push('--no-commands');
  if (!cold) flags.push('--no-cold');
  return flags.join(' ');
}

function render(r, ratio) {
  const s = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'failed');
  const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
  const mib = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} MiB` : 'n/a');
  const lines = [];
  // `--merge`: one mark per earlier run whose results are kept, in date order
  const earlier = [
    ...new Map(
      [...r.rows, ...r.commands, ...r.peers, ...r.big, r.cold, r.yamlRefused]
        .filter((x) => x?.from)
        .map((x) => [x.from.date, x.from]),
    ).values(),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const marks = ['†', '‡', '§', '¶'];
  const markOf = (from) => {
    const i = earlier.findIndex((e) => e.date === from.date);
    return marks[i] ?? `(${i + 1})`;
  };
  const mark = (x) => (x?.from ? ` ${markOf(x.from)}` : '');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu} (\`nproc\` ${os.availableParallelism?.() ?? os.cpus().length}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, Node ${process.version}, ${os.type()} ${os.release()}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
  );
  lines.push(
    `Command: \`npm run bench -- --runs ${r.runs} --sizes ${r.sizes.join(',')} --shapes ${r.shapes.join(',')}${r.merged ? mergeFlags() : ''}\`. Floor and check run alternately (floor, check, floor, check, …), one warm-up each then ${r.runs} rounds; medians. "ratio" is the median of the per-round ratios (each round's two runs seconds apart, so under the same load); CPU is user + system time. Peak RSS by ${TIME ? '`/usr/bin/time -f %M`' : "a Node wrapper's `process.resourceUsage().maxRSS`"}. Load average (1 min) sampled before every run: ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)}, mean ${r.load.mean.toFixed(1)}.`,
  );
  if (earlier.length)
    lines.push(
      '',
      ...earlier.map(
        (e) =>
          `- ${markOf(e)} kept from an earlier run (\`--merge\`): measured ${e.date.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench -- --runs ${e.runs} --sizes ${e.sizes?.join(',')} --shapes ${e.shapes?.join(',')}\`, load average (1 min) ${e.load ? `${e.load.min.toFixed(1)}–${e.load.max.toFixed(1)}, mean ${e.load.mean.toFixed(1)}` : 'not recorded'}.`,
      ),
    );
  lines.push('');
  lines.push(
    '| input | shape | size | floor wall | check wall | ratio (wall) | floor CPU | check CPU | ratio (CPU) | floor peak RSS | check peak RSS | ratio (RSS) | report size | report / input |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    lines.push(
      `| ${row.size} ${row.format.toUpperCase()}${mark(row)} | ${row.shape} | ${(row.bytes / 1024 / 1024).toFixed(1)} MiB | ${s(row.floor.ms)} | ${s(row.run.ms)} | ${x(row.roundRatio)} | ${s(row.floor.cpuMs)} | ${s(row.run.cpuMs)} | ${x(ratio(row.run.cpuMs, row.floor.cpuMs))} | ${mib(row.floor.rssMiB)} | ${mib(row.run.rssMiB)} | ${x(ratio(row.run.rssMiB, row.floor.rssMiB))} | ${Number.isFinite(row.reportBytes) ? `${(row.reportBytes / 1024 / 1024).toFixed(1)} MiB` : ''} | ${Number.isFinite(row.reportBytes) ? x(row.reportBytes / row.bytes) : ''} |`,
    );
  }
  // a check that stopped (e.g. E_TOO_LARGE from the heap estimate or the heap guard) says why, not only "failed"
  for (const row of r.rows) {
    if (Number.isFinite(row.run.ms) || !row.run.stderr) continue;
    const why =
      row.run.stderr.split('\n').find((l) => / error E_[A-Z_]+:/.test(l)) ?? row.run.stderr.trim().split('\n')[0];
    lines.push(
      '',
      `${row.size} ${row.format.toUpperCase()} ${row.shape}${mark(row)}: exit ${row.run.status}: \`${why.trim()}\``,
    );
  }
  const scaling = [];
  for (const shape of r.merged ? SHAPES.filter((sh) => r.rows.some((row) => row.shape === sh)) : r.shapes) {
    const at = (size) => r.rows.find((row) => row.size === size && row.format === 'json' && row.shape === shape);
    if (at('10k') && at('100k'))
      scaling.push(
        `${shape} ${x(ratio(at('100k').run.ms, at('10k').run.ms))} (CPU ${x(ratio(at('100k').run.cpuMs, at('10k').run.cpuMs))})${[...new Set([mark(at('10k')), mark(at('100k'))])].join('')}`,
      );
  }
  if (scaling.length) lines.push('', `Scaling 10k → 100k, JSON (target ≤ 12×): ${scaling.join('; ')}.`);
  if (r.yamlRefused) {
    const y = r.yamlRefused;
    lines.push(
      '',
      `YAML ${y.size} (${(y.bytes / 1024 / 1024).toFixed(0)} MiB)${mark(y)}: exit ${y.status} after ${s(y.ms)}, peak ${mib(y.rssMiB)}, before reading: \`${y.message}\``,
    );
  }
  if (r.commands?.length) {
    lines.push(
      '',
      'Other commands on the largest inputs (issue 13), each alternated with its floor (read + parse of the same input: `JSON.parse` of the inventory or report(s), `csv-parse` of the CSV):',
      '',
      '| command | input | floor wall | command wall | ratio (wall) | floor CPU | command CPU | ratio (CPU) | floor peak RSS | command peak RSS | ratio (RSS) |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    const what = {
      validate: 'minified inventory',
      diff: 'two JSON reports (minified and pretty inputs)',
      'check --sign': 'minified inventory, signed JSON report',
      verify: 'signed JSON report',
      import: 'CSV, one row per vendor',
    };
    for (const c of r.commands) {
      lines.push(
        `| \`${c.command}\` ${c.size}${mark(c)} | ${what[c.command]}, ${(c.bytes / 1024 / 1024).toFixed(1)} MiB | ${s(c.floor.ms)} | ${s(c.run.ms)} | ${x(c.roundRatio)} | ${s(c.floor.cpuMs)} | ${s(c.run.cpuMs)} | ${x(ratio(c.run.cpuMs, c.floor.cpuMs))} | ${mib(c.floor.rssMiB)} | ${mib(c.run.rssMiB)} | ${x(ratio(c.run.rssMiB, c.floor.rssMiB))} |`,
      );
    }
  }
  if (r.peers.length) {
    lines.push(
      '',
      `Peers (issue #7) on the ${COMPARABLE.length} comparable rules (${COMPARABLE.map((id) => `\`${id}\``).join(', ')}), JSON input; every peer reads the same file and gets the same static reference tables built from the catalogue (see above). residency runs its whole pack of rules and writes the full JSON report; a peer whose findings differ from residency's on those ${COMPARABLE.length} rules is void.`,
    );
    for (const p of r.peers) {
      lines.push(
        '',
        `${p.size}${mark(p)}: ${p.vendors.toLocaleString('en-US')} vendors, ${p.services.toLocaleString('en-US')} services, ${(p.bytes / 1024 / 1024).toFixed(0)} MiB JSON; ${p.keys.toLocaleString('en-US')} findings on the ${COMPARABLE.length} rules.`,
        '',
        '| implementation | wall (median) | peak RSS | wall / residency | wall / floor | peak RSS / residency | identical findings |',
        '|---|---|---|---|---|---|---|',
      );
      const row = (label, m, agree) =>
        `| ${label} | ${s(m.ms)} | ${mib(m.rssMiB)} | ${x(ratio(m.ms, p.run.ms))} | ${x(ratio(m.ms, p.floor.ms))} | ${x(ratio(m.rssMiB, p.run.rssMiB))} | ${agree} |`;
      lines.push(row('floor: read + `JSON.parse`', p.floor, ''));
      lines.push(row('**residency check** (all rules, JSON report)', p.run, 'reference'));
      for (const q of p.rows) {
        const agree = q.agrees
          ? 'yes'
          : q.keys === undefined
            ? 'NO (void: no output)'
            : `NO (void: ${q.missing} missing, ${q.extra} extra)`;
        lines.push(row(q.label, q, agree));
      }
    }
  }
  const c = r.cold;
  if (c) {
    lines.push('', `| cold start${mark(c)} | residency | minimal oclif CLI | ratio |`, '|---|---|---|---|');
    lines.push(
      `| \`--version\` | ${s(c.resVersion.ms)} | ${s(c.minVersion.ms)} | ${x(ratio(c.resVersion.ms, c.minVersion.ms))} |`,
    );
    lines.push(`| \`--help\` | ${s(c.resHelp.ms)} | ${s(c.minHelp.ms)} | ${x(ratio(c.resHelp.ms, c.minHelp.ms))} |`);
    lines.push(
      `| \`check examples/minimal.yaml\` vs \`hello\` | ${s(c.resCheck.ms)} | ${s(c.minCmd.ms)} | ${x(ratio(c.resCheck.ms, c.minCmd.ms))} |`,
    );
    lines.push(`| \`node -e 0\` | ${s(c.nodeZero.ms)} | | |`);
  }
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
        `- ${(b.bytes / 1024 / 1024).toFixed(0)} MiB JSON, ${b.label}${mark(b)}: exit ${b.status} after ${s(b.ms)}, peak ${mib(b.rssMiB)}: \`${msg}\``,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
