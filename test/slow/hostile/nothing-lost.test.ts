/**
 * Nothing lost, nothing leaked: atomic report writes under SIGKILL/SIGTERM, inputs never modified,
 * and no network access during a full `check`.
 */
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, spawnCli } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { tempDir } from './run.js';

let dir: string;
let big: string;

beforeAll(() => {
  dir = tempDir('residency-lost-');
  big = path.join(dir, 'big.json');
  // 3,000 adversary-exposed vendors → ~50 MB JSON report, so writing it takes a moment
  const vendors = Array.from({ length: 3000 }, (_, i) => ({
    id: `vendor-${i}`,
    name: `Vendor ${i}`,
    country: 'CN',
    ownership: [{ entity: 'Holdco', country: 'CN' }],
    services: [
      {
        id: 'app',
        provider: 'alibaba-cloud',
        regions: ['cn-hangzhou'],
        data: [{ category: 'personal', usPersons: 2_000_000 }],
      },
    ],
  }));
  writeFileSync(
    big,
    JSON.stringify({ apiVersion: 'residency/v1', kind: 'Inventory', organisation: { name: 'Big' }, vendors }),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const temps = (folder: string): string[] => readdirSync(folder).filter((f) => f.startsWith('.residency-tmp-'));

type KillPoint = 'early' | 'temp-appears' | 'mid-write';

/** Start a check writing out.json, kill it at a point, return what is left. */
async function killDuring(
  folder: string,
  signal: NodeJS.Signals,
  point: KillPoint,
): Promise<{ killedWhileWriting: boolean; exit: number | null; sig: NodeJS.Signals | null }> {
  const child = spawnCli([
    'check',
    big,
    '--format',
    'json',
    '--output',
    path.join(folder, 'out.json'),
    '--as-of',
    AS_OF,
  ]);
  child.stdout.resume();
  child.stderr.resume();
  const done = new Promise<{ exit: number | null; sig: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (exit, sig) => resolve({ exit, sig })),
  );
  let killedWhileWriting = false;
  if (point === 'early') {
    await new Promise((r) => setTimeout(r, 300));
    child.kill(signal);
  } else {
    const deadline = Date.now() + 60_000;
    let seen = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (temps(folder).length > 0) {
        seen = true;
        if (point === 'mid-write') await new Promise((r) => setTimeout(r, 15));
        killedWhileWriting = temps(folder).length > 0;
        child.kill(signal);
        break;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    if (!seen) child.kill(signal);
  }
  const result = await done;
  return { killedWhileWriting, ...result };
}

describe('reports are written atomically', () => {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    for (const point of ['early', 'temp-appears', 'mid-write'] as const) {
      it(`${signal} at ${point}: out.json is the old report or a complete new one`, async () => {
        const folder = tempDir('residency-atomic-');
        try {
          const out = path.join(folder, 'out.json');
          const old = `${JSON.stringify({ schemaVersion: '1.0.0', previous: true })}\n`;
          writeFileSync(out, old);
          const result = await killDuring(folder, signal, point);
          const now = readFileSync(out, 'utf8');
          if (now !== old) {
            // replaced: must be a complete, valid report
            const report = JSON.parse(now);
            expect(report.summary.vendors).toBe(3000);
          }
          if (point !== 'early') {
            // the kill really landed while the temporary file existed (otherwise this proves nothing)
            expect(result.killedWhileWriting).toBe(true);
            // the child died of the signal (not an error exit of its own)
            expect(result.sig ?? result.exit).toBeTruthy();
          }
          if (signal === 'SIGTERM') {
            // SIGTERM runs the cleanup handler: no temporary file is left behind
            expect(temps(folder)).toEqual([]);
            if (result.killedWhileWriting) expect(result.sig).toBe('SIGTERM');
          }
          // SIGKILL cannot be handled: a temporary file may remain (documented), the target is intact
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      });
    }
  }

  it('SIGTERM while a signed report is written: no report, and no signature files left in TMPDIR', async () => {
    const folder = tempDir('residency-atomic-');
    try {
      const tmp = path.join(folder, 'tmp');
      mkdirSync(tmp);
      const { privateKey } = generateKeyPairSync('ed25519');
      const key = path.join(folder, 'key.pem');
      writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const out = path.join(folder, 'signed.json');
      const child = spawnCli(['check', big, '--format', 'json', '--output', out, '--as-of', AS_OF, '--sign', key], {
        env: { TMPDIR: tmp },
      });
      child.stdout.resume();
      child.stderr.resume();
      const done = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_exit, sig) => resolve(sig)));
      const signing = () => readdirSync(tmp).filter((f) => f.startsWith('residency-sign-'));
      let seen = false;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
        if (signing().length > 0) {
          seen = true;
          child.kill('SIGTERM');
          break;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      const sig = await done;
      // the kill landed while the signature's folder existed (otherwise this proves nothing)
      expect(seen).toBe(true);
      expect(sig).toBe('SIGTERM');
      expect(signing()).toEqual([]);
      expect(existsSync(out)).toBe(false);
      expect(temps(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a run that completes replaces the old report and leaves no temporary file', async () => {
    const folder = tempDir('residency-atomic-');
    try {
      const out = path.join(folder, 'out.json');
      writeFileSync(out, 'old');
      const run = await runCliAsync(['check', big, '--format', 'json', '--output', out, '--as-of', AS_OF]);
      expect(run.status).toBe(1);
      expect(JSON.parse(readFileSync(out, 'utf8')).summary.vendors).toBe(3000);
      expect(temps(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an output path under a file (not a folder) is a located E_WRITE and the file is untouched', async () => {
    // --output creates a missing folder (issue 16); a path whose parent is a regular file can never be written,
    // even as root, so it stands in for an unwritable folder.
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'keep me');
    const run = await runCliAsync([
      'check',
      path.join(ROOT, 'examples', 'minimal.yaml'),
      '--format',
      'json',
      '--output',
      path.join(blocker, 'out.json'),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('E_WRITE');
    expect(run.stderr).toContain('not-a-folder');
    expect(readFileSync(blocker, 'utf8')).toBe('keep me');
  });
});

describe('inputs are never modified', () => {
  it('check (every format, with --output) leaves inventory, rule and catalogue files byte-identical', async () => {
    const inputs = [
      path.join(ROOT, 'examples', 'acme-failing.yaml'),
      path.join(ROOT, 'examples', 'waivers.yaml'),
      big,
      ...readdirSync(path.join(ROOT, 'rules'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => path.join(ROOT, 'rules', f)),
    ];
    const before = inputs.map(sha);
    for (const format of ['json', 'pretty', 'sarif', 'html']) {
      const run = await runCliAsync([
        'check',
        inputs[0],
        '--waivers',
        inputs[1],
        '--format',
        format,
        '--output',
        path.join(dir, `r.${format}`),
        '--as-of',
        AS_OF,
      ]);
      expect(run.status, run.stderr).toBe(1);
    }
    await runCliAsync(['validate', big]);
    expect(inputs.map(sha)).toEqual(before);
  });
});

const HOOK = `
const fs = require('node:fs');
const log = process.env.RESIDENCY_NET_LOG;
function refuse(what) {
  fs.appendFileSync(log, what + '\\n');
  throw new Error('network disabled by test: ' + what);
}
const net = require('node:net');
net.Socket.prototype.connect = function () { refuse('net.Socket.connect'); };
net.connect = net.createConnection = function () { refuse('net.connect'); };
const tls = require('node:tls');
tls.connect = function () { refuse('tls.connect'); };
const dns = require('node:dns');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[k] = function () { refuse('dns.' + k); };
  dns.promises[k] = async function () { refuse('dns.promises.' + k); };
}
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = function () { refuse(mod + '.request'); };
  m.get = function () { refuse(mod + '.get'); };
}
globalThis.fetch = async function () { refuse('fetch'); };
const dgram = require('node:dgram');
dgram.createSocket = function () { refuse('dgram.createSocket'); };
`;

describe('no network', () => {
  it('the hook records attempts (self-test)', async () => {
    const hook = path.join(dir, 'no-network.cjs');
    writeFileSync(hook, HOOK);
    const log = path.join(dir, 'self-test.log');
    writeFileSync(log, '');
    const child = spawn(
      process.execPath,
      [
        '--require',
        hook,
        '-e',
        "fetch('http://127.0.0.1:9').catch(()=>{}); require('node:net').connect(9,'127.0.0.1')",
      ],
      { env: { ...process.env, RESIDENCY_NET_LOG: log }, stdio: 'ignore' },
    );
    await new Promise((r) => child.on('close', r));
    expect(readFileSync(log, 'utf8')).toContain('fetch');
  });

  it('a full check in every format makes no network attempt', async () => {
    const hook = path.join(dir, 'no-network.cjs');
    writeFileSync(hook, HOOK);
    const log = path.join(dir, 'network.log');
    writeFileSync(log, '');
    const formats = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'csv'];
    const runs = await Promise.all(
      formats.map((format) =>
        runCliAsync(
          [
            'check',
            path.join(ROOT, 'examples', 'acme-failing.yaml'),
            '--waivers',
            path.join(ROOT, 'examples', 'waivers.yaml'),
            '--format',
            format,
            '--output',
            path.join(dir, `net.${format}`),
            '--as-of',
            AS_OF,
          ],
          { nodeArgs: ['--require', hook], env: { RESIDENCY_NET_LOG: log } },
        ),
      ),
    );
    for (const [i, run] of runs.entries()) {
      expect(run.status, `${formats[i]}: ${run.stderr}`).toBe(1);
      expect(existsSync(path.join(dir, `net.${formats[i]}`))).toBe(true);
    }
    expect(readFileSync(log, 'utf8')).toBe('');
  });
});
