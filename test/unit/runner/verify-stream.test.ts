/**
 * `verify` reads a signed report file a piece at a time (CanonicalDocument over the file's text, the lists' bytes in
 * temporary files): the verdict is the one the whole parsed report gives, in every layout, and a report it cannot
 * read gets the whole-text reader's error (or, past REREAD_WHOLE_BYTES, the stream's own, located).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidencyError } from '../../../src/model/errors.js';
import { type ParsedDocument, parseText } from '../../../src/parse/parse.js';
import { runVerify } from '../../../src/runner/verify.js';
import { signedJsonChunks, verifyReport, verifySignature } from '../../../src/sign/sign.js';
import { runCliProcess } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs } from '../run-check.js';

const FAILING = path.join(ROOT, 'examples/acme-failing.yaml');

let dir: string;
let keys: { privateKey: KeyObject; publicKey: KeyObject };
let pub: string;
let signed: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'residency-verify-'));
  keys = generateKeyPairSync('ed25519');
  pub = path.join(dir, 'pub.pem');
  writeFileSync(pub, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const doc: ParsedDocument = parseText(readFileSync(FAILING, 'utf8'), FAILING);
  const report = checkDocs(await bundledWorld(), [doc]);
  signed = [...signedJsonChunks(report, keys.privateKey)].join('');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** What the whole parsed report says of its signature. */
function whole(text: string, key = keys.publicKey) {
  return verifyReport(JSON.parse(text.replace(/^\uFEFF/, '')), key);
}

async function thrown(work: Promise<unknown>): Promise<ResidencyError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResidencyError);
  return error as ResidencyError;
}

describe('verify, a piece at a time', () => {
  it('gives the whole report’s verdict: valid in any layout, tampered, another key, unsigned, another algorithm', async () => {
    const doc = JSON.parse(signed);
    const tampered = JSON.parse(signed);
    tampered.findings[0].message += ' ';
    const { signature: _s, ...unsigned } = doc;
    const other = generateKeyPairSync('ed25519').publicKey;
    const otherPem = file('other.pem', other.export({ type: 'spki', format: 'pem' }).toString());
    const cases: [string, string, string, KeyObject][] = [
      ['as written', signed, pub, keys.publicKey],
      ['minified', JSON.stringify(doc), pub, keys.publicKey],
      ['re-indented, with a byte-order mark', `\uFEFF${JSON.stringify(doc, null, '\t')}`, pub, keys.publicKey],
      ['tampered', JSON.stringify(tampered), pub, keys.publicKey],
      ['another key', signed, otherPem, other],
      ['unsigned', JSON.stringify(unsigned), pub, keys.publicKey],
      [
        'another algorithm',
        JSON.stringify({ ...doc, signature: { ...doc.signature, algorithm: 'rsa' } }),
        pub,
        keys.publicKey,
      ],
    ];
    const verdicts: string[] = [];
    for (const [name, text, keyFile, key] of cases) {
      const result = await runVerify({ report: file(`${name}.json`, text), key: keyFile });
      const want = whole(text, key);
      expect(result.valid, name).toBe(want.ok);
      expect(result.signature, name).toEqual(
        want.ok ? { valid: true, keyId: want.keyId } : { valid: false, reason: want.reason, message: want.message },
      );
      verdicts.push(want.ok ? 'ok' : want.reason);
    }
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'bad-signature', 'key-mismatch', 'unsigned', 'algorithm']);
  });

  it('a report whose signed bytes cannot be made is that error, not a signature that does not match', () => {
    const boom = new ResidencyError('E_TOO_LARGE', 'the signed part of the report is too large for one buffer', []);
    const cannot = (): Buffer => {
      throw boom;
    };
    const sig = JSON.parse(signed).signature;
    expect(() => verifySignature(sig, cannot, keys.publicKey)).toThrow(boom);
    // nothing to check: the bytes are never made
    expect(verifySignature(undefined, cannot, keys.publicKey)).toMatchObject({ ok: false, reason: 'unsigned' });
    expect(verifySignature({ ...sig, algorithm: 'rsa' }, cannot, keys.publicKey)).toMatchObject({
      reason: 'algorithm',
    });
  });

  it('checks the inputs against the digests the report recorded', async () => {
    const report = file('r.json', signed);
    const input = file('inventory.yaml', readFileSync(FAILING));
    const result = await runVerify({ report, key: pub, inputs: [input] });
    expect(result.inputs).toEqual([
      expect.objectContaining({ path: input, status: 'ok', recordedAs: JSON.parse(signed).inputs[0].path }),
    ]);
    const changed = file('inventory2.yaml', `${readFileSync(FAILING, 'utf8')}# edited\n`);
    expect((await runVerify({ report, key: pub, inputs: [changed] })).valid).toBe(false);
  });

  it('a report it cannot read: the whole-text reader’s error, or past the re-read size the stream’s, located', async () => {
    const broken = file('broken.json', signed.replace('"summary": {', '"summary": {,'));
    const line = signed.slice(0, signed.indexOf('"summary": {')).split('\n').length;
    const small = await thrown(runVerify({ report: broken, key: pub }));
    const large = await thrown(runVerify({ report: broken, key: pub, rereadWholeBytes: 0 }));
    for (const e of [small, large]) {
      expect(e.code).toBe('E_PARSE');
      expect(e.diagnostics[0]).toMatchObject({ file: broken, line });
    }
    expect(large.diagnostics[0].column).toBe(small.diagnostics[0].column);
    const list = file('list.json', '[1, 2]\n');
    expect((await thrown(runVerify({ report: list, key: pub }))).code).toBe('E_REPORT');
    expect((await thrown(runVerify({ report: list, key: pub, rereadWholeBytes: 0 }))).diagnostics[0]).toMatchObject({
      code: 'E_REPORT',
      file: list,
      line: 1,
      column: 1,
    });
    const repeated = file('repeated.json', '{"summary": {}, "findings": [], "summary": {}}');
    expect((await thrown(runVerify({ report: repeated, key: pub, rereadWholeBytes: 0 }))).code).toBe('E_DUPLICATE_KEY');
  });
});

describe('check --sign and verify leave no temporary files', () => {
  it('in the temporary folder they are given, and need none', () => {
    const tmp = mkdtempSync(path.join(dir, 'tmp-'));
    const key = file('key.pem', keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const out = path.join(dir, 'cli-signed.json');
    const env = { TMPDIR: tmp };
    const check = runCliProcess(
      ['check', FAILING, '--as-of', AS_OF, '--format', 'json', '--output', out, '--sign', key, '--fail-on', 'never'],
      { env },
    );
    expect(check.status, check.stderr).toBe(0);
    const verify = runCliProcess(['verify', out, '--key', pub], { env });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('signature: valid');
    expect(readdirSync(tmp)).toEqual([]);
    // a TMPDIR that does not exist: the lists are kept in memory, the same report
    const missing = { TMPDIR: path.join(tmp, 'missing') };
    const again = path.join(dir, 'cli-signed-again.json');
    const inMemory = runCliProcess(
      ['check', FAILING, '--as-of', AS_OF, '--format', 'json', '--output', again, '--sign', key, '--fail-on', 'never'],
      { env: missing },
    );
    expect(inMemory.status, inMemory.stderr).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(runCliProcess(['verify', again, '--key', pub], { env: missing }).status).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
