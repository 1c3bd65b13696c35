import { createHash, type KeyObject } from 'node:crypto';
import { Point } from '@noble/ed25519';

/** The order of Ed25519's base point (RFC 8032 §5.1: L). */
const L = Point.CURVE().n;

/** A little-endian byte string as a number (RFC 8032's integers are little-endian). */
function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function littleEndian32(n: bigint): Buffer {
  const out = Buffer.alloc(32);
  let rest = n;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** SHA-512 of `head` then the message, mod L (RFC 8032 §5.1.6 steps 2 and 4). */
function hashToScalar(head: readonly Uint8Array[], message: Iterable<Uint8Array>): bigint {
  const hash = createHash('sha512');
  for (const part of head) hash.update(part);
  for (const chunk of message) hash.update(chunk);
  return littleEndian(hash.digest()) % L;
}

/**
 * The Ed25519 signature (RFC 8032 §5.1.6, pure Ed25519) of a message given as chunks, read twice (`message()` is
 * called twice and must give the same bytes each time). It is the signature `crypto.sign(null, bytes, key)` makes of
 * the chunks' concatenation, byte for byte: Ed25519 is deterministic (test/unit/sign/ed25519-stream.test.ts compares
 * the two on random keys, messages and splits). Node signs only a message held in one buffer; this way a report's
 * signed bytes are never gathered in memory.
 *
 * The steps are the RFC's: the secret scalar s and the prefix from SHA-512 of the key's seed; r = SHA-512(prefix ‖ M)
 * mod L; R = [r]B; k = SHA-512(R ‖ A ‖ M) mod L; S = (r + k·s) mod L; the signature is R ‖ S. Hashing is Node's
 * (OpenSSL); the one point multiplication is @noble/ed25519's (audited, a constant-time ladder for a secret scalar).
 * The scalar arithmetic is JavaScript's BigInt, as in that library's own signer, so unlike OpenSSL's it is not
 * constant-time: fine for a command that signs its own report on the user's machine, not for a signing service
 * whose timing others can measure.
 */
export function signEd25519Chunks(message: () => Iterable<Uint8Array>, privateKey: KeyObject): Buffer {
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string')
    throw new TypeError('an Ed25519 private key is required');
  const seed = Buffer.from(jwk.d, 'base64url');
  const publicKey = Buffer.from(jwk.x, 'base64url');
  const expanded = createHash('sha512').update(seed).digest();
  seed.fill(0);
  // §5.1.5: the first half, pruned, is the secret scalar; the second half is the prefix that makes r
  expanded[0] &= 248;
  expanded[31] &= 127;
  expanded[31] |= 64;
  const s = littleEndian(expanded.subarray(0, 32)) % L;
  const r = hashToScalar([expanded.subarray(32)], message());
  expanded.fill(0);
  // r is 0 with probability 2^-252; [0]B is the identity point, as Node's signer makes it
  const R = Buffer.from((r === 0n ? Point.ZERO : Point.BASE.multiply(r)).toBytes());
  const k = hashToScalar([R, publicKey], message());
  return Buffer.concat([R, littleEndian32((r + k * s) % L)]);
}
