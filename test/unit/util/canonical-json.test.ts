import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signReport, verifyReport } from '../../../src/sign/sign.js';
import {
  canonicalDigest,
  canonicalJson,
  canonicalJsonBytes,
  canonicalText,
  writeCanonicalJson,
} from '../../../src/util/canonical-json.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The canonical form every signature before the streaming writer was made with (src/sign/sign.ts at fea8d01): a
 * recursive string builder. The writer must give the same text, or old signatures stop verifying.
 */
function oldCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : oldCanonical(v))).join(',')}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return oldCanonical((value as { toJSON: () => unknown }).toJSON());
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${oldCanonical(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** JSON values with awkward keys (integer-like, empty, unicode, lone surrogates), undefined members and toJSON. */
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(undefined, -0, 1e21, 1.5e-7, '\ud800', 'a—b→c🙂'),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '9', '01', '', 'é', 'Z', 'a', '\udc00')), tie('node'), {
      maxKeys: 6,
    }),
    fc.date({ noInvalidDate: true }),
  ),
})).node;

describe('canonical JSON (one writer for signatures and digests)', () => {
  it('writes the same text as the canonical form signatures were made with', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(oldCanonical(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes one value as one string (canonicalText, a copy in key order stringified) with the same text', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalText(v)).toBe(oldCanonical(v));
        expect(canonicalText({ list: [v, { v }] })).toBe(oldCanonical({ list: [v, { v }] }));
      }),
      { numRuns: 1000, seed: 17_005 },
    );
    // the keys a copy cannot put in order: walked instead
    expect(canonicalText({ b: 1, 10: 2, 9: 3, a: { __proto__: null, 2: 0, 1: 0 } })).toBe(
      '{"10":2,"9":3,"a":{"1":0,"2":0},"b":1}',
    );
    expect(canonicalText(JSON.parse('{"b":1,"__proto__":{"z":1,"y":2}}'))).toBe('{"__proto__":{"y":2,"z":1},"b":1}');
    expect(canonicalText({ s: Symbol('s'), u: undefined, f: () => 1, l: [undefined, () => 1] })).toBe(
      '{"l":[null,null],"s":null}',
    );
  });

  it('encodes the same UTF-8 bytes as the whole string, across many pieces and surrogate pairs', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => ({ [`k${i % 97}`]: `é🙂—${i}`, z: i, a: [i, null] }));
    const text = oldCanonical(big);
    expect(text.length).toBeGreaterThan(5 * (1 << 16)); // several pieces
    const bytes = canonicalJsonBytes(big);
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(canonicalDigest(big)).toBe(createHash('sha256').update(text).digest('hex'));
    const pieces: string[] = [];
    writeCanonicalJson(big, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(4);
    for (const p of pieces) expect(/[\ud800-\udbff]$/.test(p)).toBe(false); // no piece ends inside a pair
  });

  it('without sorting, writes the bytes of JSON.stringify (the configuration digest)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v, { sortKeys: false })).toBe(JSON.stringify(v));
        expect(canonicalDigest(v, { sortKeys: false })).toBe(
          createHash('sha256').update(JSON.stringify(v)).digest('hex'),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('verifies a report signed before the writer changed (check --sign at fea8d01)', () => {
    const report = JSON.parse(readFileSync(path.join(HERE, '../sign/fixtures/signed-0.1.0.json'), 'utf8'));
    const key = createPublicKey(readFileSync(path.join(HERE, '../sign/fixtures/signed-0.1.0.pub.pem'), 'utf8'));
    expect(verifyReport(report, key)).toEqual({ ok: true, keyId: '1a8057c2eff7b676' });
    // and a change to it is caught
    report.added = 'after signing';
    expect(verifyReport(report, key)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('signs what the old canonical form signs: a signature made now verifies against the old bytes', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const report = JSON.parse(readFileSync(path.join(HERE, '../sign/fixtures/signed-0.1.0.json'), 'utf8'));
    const signed = signReport(report, privateKey);
    const { signature, ...rest } = signed;
    expect(
      verify(null, Buffer.from(oldCanonical(rest), 'utf8'), publicKey, Buffer.from(signature.value, 'base64')),
    ).toBe(true);
  });
});
