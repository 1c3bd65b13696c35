import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeToStream } from '../../../src/adapters/write.js';
import { expandReport } from '../../../src/report/compact.js';
import { formatJson, formatJsonDocument, jsonChunks, jsonDocumentChunks } from '../../../src/report/formatters/json.js';
import type { Report } from '../../../src/report/types.js';
import { runCliProcess, runProgram } from '../../cli/run.js';

vi.setConfig({ testTimeout: 120_000 });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-large-'));

const cli = (args: string[], env: Record<string, string> = {}) => runCliProcess(args, { env });

const asReport = (value: unknown): Report => value as Report;

// the layout (the report's items written as they are, as a signed report is rewritten); the report's own items
// (compacted as written, schema 3.0.0) are tested in test/unit/report/compact.test.ts
describe('the streamed JSON layout (jsonDocumentChunks)', () => {
  it('is JSON that parses back to the same data as JSON.stringify gives, for any JSON-like top-level object', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const key = fc.oneof(fc.string(), fc.constantFrom('vendors', 'outcomes', 'rules'));
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(value, fc.array(value, { maxLength: 120 }))), (object) => {
        const text = formatJsonDocument(object);
        expect([...jsonDocumentChunks(object)].join('')).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(object)));
        // indented by two spaces, like JSON.stringify(…, null, 2), except the vendors' items (one per line)
        if (!('vendors' in object)) expect(text).toBe(`${JSON.stringify(object, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts big top-level arrays into several pieces and still matches, escapes and surrogates included', () => {
    const items = Array.from({ length: 4_501 }, (_, i) => ({
      i,
      name: `vendor ${i} \u{1F600} "quoted" \\ \u2028 é`,
      gone: undefined,
      nested: { list: [i, null, [], {}], text: '\ud800 lone' },
    }));
    const report = asReport({
      schemaVersion: '1',
      skipped: undefined,
      vendors: items,
      findings: [],
      tail: [undefined, 1],
    });
    const pieces = [...jsonDocumentChunks(report as never)];
    expect(pieces.length).toBeGreaterThan(3);
    const text = pieces.join('');
    expect(text).toBe(formatJsonDocument(report as never));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    // one compact vendor per line (schema 2.0.0)
    const vendorLines = text.split('\n').filter((line) => line.startsWith('    {"i":'));
    expect(vendorLines).toHaveLength(4_501);
    expect(JSON.parse(vendorLines[7].replace(/,$/, ''))).toEqual(JSON.parse(JSON.stringify(items[7])));
  });
});

describe('findings in the JSON report (schema 2.0.0, 3.0.0)', () => {
  it('leave references and remediation to rules[], and the open status unsaid, streamed or whole, in any number', () => {
    for (const count of [3, 120]) {
      const findings = Array.from({ length: count }, (_, i) => ({
        fingerprint: `fp${i}`,
        ruleId: i % 2 ? 'rule-a' : 'rule-b',
        title: 'T',
        message: `finding ${i}`,
        references: [{ title: 'R', url: 'https://example.com' }],
        remediation: 'Fix it.',
        status: 'open',
      }));
      const report = asReport({ schemaVersion: '3.0.0', findings, rules: [{ id: 'rule-a', remediation: 'Fix it.' }] });
      const text = formatJson(report);
      expect([...jsonChunks(report)].join('')).toBe(text);
      const parsed = JSON.parse(text);
      expect(parsed.findings).toHaveLength(count);
      // the title is kept: rule-a has none to give
      expect(parsed.findings[1]).toEqual({ fingerprint: 'fp1', ruleId: 'rule-a', title: 'T', message: 'finding 1' });
      expect(expandReport(parsed).findings[1].status).toBe('open');
      expect(parsed.rules[0].remediation).toBe('Fix it.');
      // the in-memory report keeps them for the other formatters
      expect(report.findings[0].remediation).toBe('Fix it.');
    }
  });
});

describe('writing pieces', () => {
  it('writes the UTF-8 bytes of the joined text, also when a surrogate pair is split between pieces', async () => {
    const dir = mkdtempSync(path.join(tmp, 'w-'));
    const big = 'x'.repeat(9 * 1024 * 1024);
    const pieces = ['{"a":"\ud83d', '\ude00", "b":"', big, '\ud83d', '\ude00', 'é\ud800"}', '\ud83d'];
    const target = path.join(dir, 'out.json');
    await writeFileAtomic(target, pieces.values());
    expect(readFileSync(target).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('leaves no file and keeps the previous one when the pieces fail part-way, and passes the error on', async () => {
    const dir = mkdtempSync(path.join(tmp, 'f-'));
    const target = path.join(dir, 'out.json');
    writeFileSync(target, 'previous');
    function* failing(): Generator<string> {
      yield 'x'.repeat(9 * 1024 * 1024);
      throw new TypeError('formatter broke');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow('formatter broke');
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('waits for a slow reader between pieces and stops quietly when the reader goes away', async () => {
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough({ highWaterMark: 16 });
    const received: string[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    await writeToStream(stream, ['a'.repeat(100), 'b'.repeat(100), 'c'].values());
    expect(received.join('')).toBe(`${'a'.repeat(100)}${'b'.repeat(100)}c`);

    // nobody reads: the first piece fills the first buffer written (64 KiB), and the stream's; the reader
    // then goes away, and no more pieces are asked for
    const closed = new PassThrough({ highWaterMark: 16 });
    let yielded = 0;
    function* endless(): Generator<string> {
      for (;;) {
        yielded++;
        yield 'z'.repeat(64 * 1024);
      }
    }
    setTimeout(() => closed.destroy(), 50);
    await writeToStream(closed, endless());
    expect(yielded).toBe(1);
  });
});

describe('large JSON inputs (scanned in a worker thread)', () => {
  // 6,000 generated vendors is ~8.8 MB: over the 8 MiB threshold for the worker
  const file = path.join(tmp, 'inv-6k.json');
  const gen = runProgram(process.execPath, [
    'bench/generate.mjs',
    '--vendors',
    '6000',
    '--format',
    'json',
    '--seed',
    '3',
    '--out',
    file,
  ]);
  const check = (input: string, env: Record<string, string> = {}, output?: string) =>
    cli(
      [
        'check',
        input,
        '--format',
        'json',
        '--as-of',
        '2026-11-28',
        '--fail-on',
        'never',
        ...(output ? ['--output', output] : []),
      ],
      env,
    );

  /** `check` of `input` with and without the worker thread: both pass and write the same bytes, which it returns. */
  const sameReport = (input: string, withWorker: string, without: string): Buffer => {
    const a = check(input, {}, withWorker);
    const b = check(input, { RESIDENCY_NO_WORKER: '1' }, without);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const report = readFileSync(withWorker);
    expect(report.equals(readFileSync(without))).toBe(true);
    return report;
  };

  it('gives the same report with and without the worker, with the digest of the file', () => {
    expect(gen.status, gen.stderr).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    const report = sameReport(file, path.join(tmp, 'with.json'), path.join(tmp, 'without.json'));
    const parsed = expandReport(JSON.parse(report.toString('utf8')));
    expect(parsed.inputs[0].sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(parsed.summary.vendors).toBe(6000);
    // with the worker the text was dropped after validation (an ASCII input: ParsedDocument.shelve), so the warnings
    // located inside a vendor, at a data set or an owner, were found in that vendor's piece read again from the bytes
    const inside = parsed.diagnostics.filter(
      (d: { pointer?: string }) => d.pointer && /^\/vendors\/\d+\/services\/\d+\/./.test(d.pointer),
    );
    expect(inside.length).toBeGreaterThan(10);
    // every finding is located, in the file, at a line that holds its vendor or service
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const f of parsed.findings.slice(0, 200)) {
      expect(f.location.file).toBe(file);
      const at = lines[f.location.line - 1].slice(f.location.column - 1);
      expect(at.startsWith('{')).toBe(true);
    }
  });

  it('gives the same report for a large input that is not all ASCII, its text dropped and read again by vendor', () => {
    // one vendor's name with characters outside ASCII: the worker finds where each vendor starts in the bytes
    const text = readFileSync(file, 'utf8');
    const input = path.join(tmp, 'not-ascii.json');
    writeFileSync(input, text.replace('"name": "', '"name": "Société 😀 '));
    const report = sameReport(input, path.join(tmp, 'not-ascii-with.json'), path.join(tmp, 'not-ascii-without.json'));
    expect(report.toString('utf8')).toContain('Société 😀');
    // two bytes a character: one character past U+00FF makes V8 keep the whole text in two
    const timed = cli(['check', input, '-q', '--fail-on', 'never', '--timings']);
    const mib = Number(/dropped (\d+(?:\.\d)?) MiB of input text once validated/.exec(timed.stderr)?.[1]);
    expect(mib).toBeCloseTo((2 * text.length) / 1024 / 1024, 0);
    const parsed = JSON.parse(report.toString('utf8')) as { diagnostics: { pointer?: string }[] };
    const inside = parsed.diagnostics.filter((d) => d.pointer && /^\/vendors\/\d+\/services\/\d+\/./.test(d.pointer));
    expect(inside.length).toBeGreaterThan(10);
  });

  it('uses the worker for a large JSON input, and not with RESIDENCY_NO_WORKER=1 or for a small one', () => {
    const scanned = /scanned 1 input\(s\) in a worker thread/;
    // the input's text is dropped once validated (an ASCII file: its bytes are read again a vendor at a time)
    const dropped = /dropped \d+(\.\d)? MiB of input text once validated/;
    const timed = cli(['check', file, '-q', '--fail-on', 'never', '--timings']);
    expect(timed.stderr).toMatch(scanned);
    expect(timed.stderr).toMatch(dropped);
    const alone = cli(['check', file, '-q', '--fail-on', 'never', '--timings'], { RESIDENCY_NO_WORKER: '1' });
    expect(alone.stderr).not.toMatch(scanned);
    expect(alone.stderr).not.toMatch(/dropped/);
    const small = cli(['check', 'examples/acme-failing.yaml', '-q', '--fail-on', 'never', '--timings']);
    expect(small.stderr).toMatch(/residency:perf total/);
    expect(small.stderr).not.toMatch(scanned);
    expect(small.stderr).not.toMatch(/dropped/);
  });

  it('streams the JSON report to standard output with the same bytes as the file', () => {
    const out = check(file);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(readFileSync(path.join(tmp, 'with.json'), 'utf8'));
  });

  it('validate and diff read a large input the same way with and without the worker (located errors too)', () => {
    const text = readFileSync(file, 'utf8');
    const late = text.lastIndexOf('"lastAssessed"');
    const duplicate = path.join(tmp, 'validate-duplicate.json');
    writeFileSync(duplicate, `${text.slice(0, late)}"name": "again", ${text.slice(late)}`);
    const runs: [string[], number][] = [
      [['validate', file], 0],
      [['validate', duplicate], 2],
      [['diff', path.join(tmp, 'with.json'), path.join(tmp, 'without.json')], 0],
    ];
    for (const [args, status] of runs) {
      const a = cli(args);
      const b = cli(args, { RESIDENCY_NO_WORKER: '1' });
      expect(a.status, `${args.join(' ')}: ${a.stderr}`).toBe(status);
      expect(b.status).toBe(status);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr).toBe(b.stderr);
    }
    expect(cli(['validate', duplicate]).stderr).toMatch(/validate-duplicate\.json:\d+:\d+.*E_DUPLICATE_KEY/);
  });

  it('locates a byte-order mark, a repeated key, a syntax error and too deep nesting the same way as one thread', () => {
    const text = readFileSync(file, 'utf8');
    const late = text.lastIndexOf('"lastAssessed"');
    const cases: Record<string, string> = {
      bom: `\uFEFF${text}`,
      duplicate: `${text.slice(0, late)}"name": "again", ${text.slice(late)}`,
      syntax: `${text.slice(0, late)}, ${text.slice(late)}`,
      deep: `${text.slice(0, late)}"notes": ${'['.repeat(300)}${']'.repeat(300)}, ${text.slice(late)}`,
    };
    for (const [name, body] of Object.entries(cases)) {
      const input = path.join(tmp, `${name}.json`);
      writeFileSync(input, body);
      const a = check(input);
      const b = check(input, { RESIDENCY_NO_WORKER: '1' });
      expect(a.status, `${name}: ${a.stderr}`).toBe(b.status);
      expect(a.stderr, name).toBe(b.stderr);
      expect(a.stdout === b.stdout, name).toBe(true);
      if (name === 'bom') {
        expect(a.status).toBe(0);
        expect(JSON.parse(a.stdout).inputs[0].sha256).toBe(
          createHash('sha256').update(readFileSync(input).subarray(3)).digest('hex'),
        );
      } else {
        expect(a.status, name).toBe(2);
        expect(a.stderr, name).toMatch(new RegExp(`${name}\\.json:\\d+:\\d+`));
        expect(a.stderr, name).toMatch(
          { duplicate: /E_DUPLICATE_KEY/, syntax: /E_PARSE/, deep: /E_DEPTH/ }[name] as RegExp,
        );
      }
      expect(existsSync(input)).toBe(true);
    }
  });
});
