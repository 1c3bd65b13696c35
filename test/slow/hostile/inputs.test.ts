/**
 * The hostile-input corpus, run through the real CLI (`check` and `validate`). Large and binary
 * inputs are generated into a temp folder at test time, never committed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { STACK_LINE, tempDir } from './run.js';

const MINIMAL = readFileSync(path.join(ROOT, 'examples', 'minimal.yaml'), 'utf8');
let dir: string;

function billionLaughs(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const c of 'bcdefghij') {
    text += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = c;
  }
  return text;
}

/** name → [file name, contents, expected error code, expected position (line:col) or undefined] */
const CASES: [string, string, string | Buffer, string, string | undefined][] = [
  ['YAML alias bomb (billion laughs)', 'laughs.yaml', billionLaughs(), 'E_ALIAS_LIMIT', '1:1'],
  [
    'alias bomb inside an inventory',
    'laughs-inventory.yaml',
    `${MINIMAL}x-bomb:\n${billionLaughs()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n`,
    'E_ALIAS_LIMIT',
    '1:1',
  ],
  ['100,000-level flow YAML', 'flow.yaml', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'E_DEPTH', '1:257'],
  ['100,000-level JSON', 'flow.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'E_DEPTH', '1:257'],
  [
    '100,000-level JSON objects',
    'objects.json',
    `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    'E_DEPTH',
    '1:1281',
  ],
  ['100,000-level block sequence (- - - -)', 'block-seq.yaml', `${'- '.repeat(100_000)}x\n`, 'E_DEPTH', undefined],
  [
    '3,000-level block maps',
    'block-map.yaml',
    Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:\n`).join(''),
    'E_DEPTH',
    undefined,
  ],
  ['300-level block sequence (parses, then refused)', 'seq300.yaml', `${'- '.repeat(300)}x\n`, 'E_DEPTH', '1:513'],
  [
    'duplicate key (YAML)',
    'dup.yaml',
    'apiVersion: residency/v1\nkind: Inventory\nkind: Inventory\norganisation: {name: x}\nvendors: []\n',
    'E_DUPLICATE_KEY',
    '3:1',
  ],
  [
    'duplicate key (JSON)',
    'dup.json',
    '{\n  "apiVersion": "residency/v1",\n  "kind": "Inventory",\n  "organisation": {"name": "x", "name": "y"},\n  "vendors": []\n}\n',
    'E_DUPLICATE_KEY',
    '4:33',
  ],
  ['!!js/function tag', 'tag-js.yaml', `${MINIMAL}x: !!js/function "function(){ return 1 }"\n`, 'E_PARSE', '14:4'],
  ['!!python/object tag', 'tag-py.yaml', 'a: !!python/object:os.system [ls]\n', 'E_PARSE', '1:4'],
  ['custom !foo tag on the root', 'tag-root.yaml', '!foo\napiVersion: residency/v1\n', 'E_PARSE', '1:1'],
  ['custom !foo tag nested', 'tag-foo.yaml', 'a: !foo {x: 1}\n', 'E_PARSE', '1:4'],
  [
    'binary garbage',
    'garbage.yaml',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    'E_ENCODING',
    undefined,
  ],
  [
    'invalid UTF-8',
    'latin1.yaml',
    Buffer.concat([Buffer.from('apiVersion: residency/v1\nname: '), Buffer.from([0xff, 0xfe]), Buffer.from(' x\n')]),
    'E_ENCODING',
    '2:7',
  ],
  ['empty file', 'empty.yaml', '', 'E_EMPTY', '1:1'],
  // found by the fuzz run: was stringified with a Node warning on stderr
  ['a list used as a key', 'complex-key.yaml', 'apiVersion: residency/v1\n? [a, b]\n: 1\n', 'E_PARSE', '2:3'],
  ['whitespace-only file', 'blank.yaml', '\n  \n\t\n', 'E_EMPTY', '1:1'],
  ['NUL bytes', 'nul.yaml', `${MINIMAL}\u0000\u0000`, 'E_PARSE', undefined],
  ['unterminated JSON', 'cut.json', '{"apiVersion": "residency/v1", "vendors": [', 'E_PARSE', '1:44'],
];

beforeAll(() => {
  dir = tempDir();
  for (const [, name, contents] of CASES) writeFileSync(path.join(dir, name), contents);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function assertLocatedFailure(
  run: { status: number | null; stdout: string; stderr: string; ms: number },
  file: string,
  code: string,
  position?: string,
): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toContain(code);
  expect(run.stderr).toContain(position ? `${file}:${position}` : `${file}:`);
  if (!position) expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toContain('E_INTERNAL');
  expect(run.stderr).not.toContain('(node:'); // no Node process warnings either
  expect(run.ms).toBeLessThan(60_000);
}

describe.concurrent('hostile inputs through the CLI', () => {
  for (const [name, file, , code, position] of CASES) {
    it(`check: ${name} → ${code}, exit 2, located`, async () => {
      const target = path.join(dir, file);
      assertLocatedFailure(await runCliAsync(['check', target, '--as-of', AS_OF]), target, code, position);
    });
    it(`validate: ${name} → ${code}, exit 2, located`, async () => {
      const target = path.join(dir, file);
      assertLocatedFailure(await runCliAsync(['validate', target]), target, code, position);
    });
  }

  it('a UTF-8 BOM is accepted and the file parses', async () => {
    const file = path.join(dir, 'bom.yaml');
    writeFileSync(file, `\ufeff${MINIMAL}`);
    const check = await runCliAsync(['check', file, '--as-of', AS_OF, '--format', 'json']);
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).organisation.name).toBe('Minimal Example');
    const validate = await runCliAsync(['validate', file]);
    expect(validate.status, validate.stderr).toBe(0);
  });

  it('a BOM on a JSON file is accepted', async () => {
    const file = path.join(dir, 'bom.json');
    writeFileSync(
      file,
      `\ufeff${JSON.stringify({ apiVersion: 'residency/v1', kind: 'Inventory', organisation: { name: 'B' }, vendors: [] })}`,
    );
    const run = await runCliAsync(['validate', file]);
    expect(run.status, run.stderr).toBe(0);
  });

  it('CRLF line endings are accepted and located errors keep the right line', async () => {
    const good = path.join(dir, 'crlf-good.yaml');
    writeFileSync(good, MINIMAL.replace(/\n/g, '\r\n'));
    const ok = await runCliAsync(['check', good, '--as-of', AS_OF]);
    expect(ok.status, ok.stderr).toBe(0);
    const bad = path.join(dir, 'crlf-bad.yaml');
    // line 14 of the file is the unknown property, indented 8 spaces → column 9
    writeFileSync(bad, `${MINIMAL.trimEnd()}\n        bogus: 1\n`.replace(/\n/g, '\r\n'));
    for (const command of ['check', 'validate']) {
      const run = await runCliAsync([command, bad, '--as-of', AS_OF].slice(0, command === 'check' ? 4 : 2));
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${bad}:14:9`);
      expect(run.stderr).toContain('E_SCHEMA');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('a directory is refused with its name (check)', async () => {
    const sub = path.join(dir, 'a-folder.yaml');
    mkdirSync(sub, { recursive: true });
    const run = await runCliAsync(['check', sub, '--as-of', AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${sub}`);
    expect(run.stderr).toMatch(/E_[A-Z_]+/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('a FIFO is refused without hanging', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const command of ['check', 'validate']) {
      const run = await runCliAsync([command, fifo], { timeout: 30_000 });
      expect(run.signal, 'killed: the CLI hung on a FIFO').toBeNull();
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${fifo}`);
      expect(run.stderr).toContain('E_NOT_FILE');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('an unreadable file is refused with E_READ', async (ctx) => {
    if (process.getuid?.() === 0) {
      console.log('skipped: running as root, where chmod 000 files are still readable');
      ctx.skip();
    }
    const file = path.join(dir, 'secret.yaml');
    writeFileSync(file, MINIMAL);
    chmodSync(file, 0o000);
    const run = await runCliAsync(['check', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}`);
    expect(run.stderr).toContain('E_READ');
  });

  it('a missing file is refused with E_NOT_FOUND', async () => {
    const file = path.join(dir, 'nope.yaml');
    const run = await runCliAsync(['validate', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}`);
    expect(run.stderr).toContain('E_NOT_FOUND');
  });

  it('a file over --max-input-size is refused before parsing', async () => {
    // 2 KB of broken YAML: if it were parsed the error would be E_PARSE, not E_TOO_LARGE
    const file = path.join(dir, 'over.yaml');
    writeFileSync(file, `${MINIMAL}\n: [ {{ broken\n#${'x'.repeat(2048)}\n`);
    for (const command of ['check', 'validate']) {
      const run = await runCliAsync([command, file, '--max-input-size', '1KB']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${file}`);
      expect(run.stderr).toContain('E_TOO_LARGE');
      expect(run.stderr).not.toContain('E_PARSE');
    }
  });
});

describe('a 50 MB inventory', () => {
  it('validate gives a clear result in bounded time', async () => {
    const file = path.join(dir, 'big.json');
    const vendors: string[] = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const v = JSON.stringify({
        id: `vendor-${i}`,
        name: `Vendor ${i} ${'x'.repeat(200)}`,
        country: 'US',
        description: 'd'.repeat(300),
        services: [0, 1, 2].map((j) => ({ id: `s${j}`, provider: 'aws', regions: ['us-east-1'] })),
      });
      vendors.push(v);
      size += v.length;
    }
    // one schema error near the end, to prove errors are located even deep in a large file
    vendors.push(JSON.stringify({ id: 'Bad Id', name: 'x' }));
    writeFileSync(
      file,
      `{"apiVersion":"residency/v1","kind":"Inventory","organisation":{"name":"Big"},"vendors":[\n${vendors.join(',\n')}\n]}\n`,
    );
    const run = await runCliAsync(['validate', file], { timeout: 120_000 });
    expect(run.signal).toBeNull();
    expect(run.status, run.stderr.slice(0, 500)).toBe(2);
    expect(run.stderr).toContain(`${file}:${vendors.length + 1}:`);
    expect(run.stderr).toContain('E_SCHEMA');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.ms).toBeLessThan(120_000);
  });
});
