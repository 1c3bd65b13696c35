/**
 * The streamed Ed25519 signer (signEd25519Chunks) makes Node's signature of the chunks' concatenation, byte for byte:
 * the oracle is `crypto.sign(null, bytes, key)` itself, on generated keys, messages and ways of cutting them.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signEd25519Chunks } from '../../../src/sign/ed25519-stream.js';

/** An Ed25519 private key from its 32-byte seed (PKCS #8, RFC 8410). */
function keyFromSeed(seed: Uint8Array) {
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([prefix, seed]), format: 'der', type: 'pkcs8' });
}

/** The message cut at `cuts` (positions, any order, repeats: empty chunks). */
function cut(message: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (message.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, message.length]) {
    chunks.push(message.subarray(from, to));
    from = to;
  }
  return chunks;
}

describe('signEd25519Chunks', () => {
  it("is Node's Ed25519 signature of the whole message, for any key, message and cutting", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (seed, message, cuts) => {
          const key = keyFromSeed(seed);
          const chunks = cut(message, cuts);
          const signature = signEd25519Chunks(() => chunks, key);
          expect(signature.equals(sign(null, message, key))).toBe(true);
          expect(verify(null, message, createPublicKey(key), signature)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 18_001 },
    );
  });

  it('reads the message twice and keeps no chunk: a chunk may be overwritten by the next', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const message = Buffer.from(`{"findings":[${'"caf\u00e9 \u2192",'.repeat(50_000)}1]}`, 'utf8');
    let reads = 0;
    // one buffer, refilled for every chunk, as a file's chunks are read (src/adapters/spill.ts)
    const buffer = Buffer.alloc(4096);
    const chunks = function* () {
      reads++;
      for (let at = 0; at < message.length; at += buffer.length) {
        const n = message.copy(buffer, 0, at, at + buffer.length);
        yield buffer.subarray(0, n);
      }
    };
    expect(signEd25519Chunks(chunks, privateKey).equals(sign(null, message, privateKey))).toBe(true);
    expect(reads).toBe(2);
  });

  it('signs the empty message as Node does', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(signEd25519Chunks(() => [], privateKey).equals(sign(null, Buffer.alloc(0), privateKey))).toBe(true);
  });

  it('refuses a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signEd25519Chunks(() => [Buffer.from('x')], privateKey)).toThrow(/Ed25519 private key/);
  });
});
