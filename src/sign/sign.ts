import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { jsonParts } from '../report/formatters/json.js';
import type { Report } from '../report/types.js';
import { canonicalJsonBytes } from '../util/canonical-json.js';
import { lastPiece } from '../util/json-pieces.js';
import { CanonicalDocument, type ListSinks, memorySinks } from './canonical-document.js';
import { signEd25519Chunks } from './ed25519-stream.js';

export { canonicalJson } from '../util/canonical-json.js';

/** The signature a signed JSON report carries. */
export interface ReportSignature {
  algorithm: 'ed25519';
  /** First 16 hex characters of the sha256 of the public key (SPKI, DER). */
  keyId: string;
  /** Base64 Ed25519 signature of the canonical report. */
  value: string;
}

/**
 * The bytes that are signed: the report without its `signature` member, canonicalised (`src/util/canonical-json.ts`:
 * sorted keys, no whitespace), encoded piece by piece into one buffer: Ed25519 signs the whole message, so the
 * bytes are held once, but never as one string.
 */
export function signedBytes(report: Record<string, unknown>, capacity?: number): Buffer {
  const { signature: _ignored, ...rest } = report;
  return canonicalJsonBytes(rest, { capacity });
}

export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** The signature of a report whose signed bytes (`signedBytes`) are `bytes`. */
export function signatureOf(bytes: Buffer, privateKey: KeyObject): ReportSignature {
  return signatureFrom(sign(null, bytes, privateKey), privateKey);
}

/** The same signature, of signed bytes given as chunks, read twice (`signEd25519Chunks`): never in one buffer. */
export function signatureOfChunks(chunks: () => Iterable<Uint8Array>, privateKey: KeyObject): ReportSignature {
  return signatureFrom(signEd25519Chunks(chunks, privateKey), privateKey);
}

function signatureFrom(value: Buffer, privateKey: KeyObject): ReportSignature {
  return { algorithm: 'ed25519', keyId: keyIdOf(privateKey), value: value.toString('base64') };
}

/** Sign a report object (any existing signature is ignored); returns the report with `signature` set. */
export function signReport<T extends Record<string, unknown>>(
  report: T,
  privateKey: KeyObject,
): T & { signature: ReportSignature } {
  const signature = signatureOf(signedBytes(report), privateKey);
  const { signature: _old, ...rest } = report;
  return { ...(rest as T), signature };
}

/**
 * The JSON report's text (`jsonChunks`, a piece at a time) with its signature as the last member: the same bytes as
 * `signReport` of the parsed report written by `formatJsonDocument`. What each piece writes goes into the signed
 * bytes (`CanonicalDocument`) as the piece is handed out to be written; the signature, made once every other member
 * has been, is the member written last, signed from the signed bytes read back a chunk at a time. Neither the report
 * nor its signed bytes are ever whole in memory; the one limit is MAX_SIGNED_BYTES, the most `verify` can check.
 */
export function* signedJsonChunks(
  report: Report,
  privateKey: KeyObject,
  sinks: ListSinks = memorySinks(),
): Generator<string> {
  const doc = new CanonicalDocument([], sinks);
  try {
    let held: string | undefined;
    for (const part of jsonParts(report)) {
      if (part.kind === 'member') doc.member(part.key, part.value);
      else if (part.kind === 'item') doc.item(part.key, part.value);
      else if (part.kind === 'list') doc.list(part.key, part.count);
      if (held !== undefined) yield held;
      held = part.text;
    }
    yield lastPiece(held, 'signature', signatureOfChunks(doc.signedChunks(), privateKey));
  } finally {
    doc.close();
  }
}

export type VerifyResult =
  | { ok: true; keyId: string }
  | { ok: false; reason: 'unsigned' | 'algorithm' | 'key-mismatch' | 'bad-signature'; message: string };

/**
 * Check a parsed report's signature against a public key. `size`: the report file's size in bytes, about the size of
 * its canonical form (the buffer for it is allocated once).
 */
export function verifyReport(report: Record<string, unknown>, publicKey: KeyObject, size?: number): VerifyResult {
  return verifySignature(report.signature, () => signedBytes(report, size), publicKey);
}

/** Check a report's `signature` member against the report's signed bytes (made only when there is one to check). */
export function verifySignature(signature: unknown, bytes: () => Buffer, publicKey: KeyObject): VerifyResult {
  const sig = signature as Partial<ReportSignature> | undefined;
  if (sig === undefined || sig === null || typeof sig !== 'object' || typeof sig.value !== 'string') {
    return { ok: false, reason: 'unsigned', message: 'the report carries no signature' };
  }
  if (sig.algorithm !== 'ed25519') {
    return { ok: false, reason: 'algorithm', message: `unsupported signature algorithm '${String(sig.algorithm)}'` };
  }
  const keyId = keyIdOf(publicKey);
  // made outside the try: a report whose bytes cannot be made (past one buffer, a temporary file that cannot be read)
  // is that error, not a signature that does not match
  const message = bytes();
  let valid = false;
  try {
    valid = verify(null, message, publicKey, Buffer.from(sig.value, 'base64'));
  } catch {
    valid = false;
  }
  if (valid) return { ok: true, keyId };
  if (sig.keyId !== undefined && sig.keyId !== keyId) {
    return {
      ok: false,
      reason: 'key-mismatch',
      message: `the report was signed with key ${sig.keyId}, not with this key (${keyId})`,
    };
  }
  return {
    ok: false,
    reason: 'bad-signature',
    message: 'the signature does not match the report: it was changed after signing',
  };
}

export interface InputCheck {
  path: string;
  status: 'ok' | 'changed' | 'not-in-report';
  expected?: string;
  actual: string;
  /** The path the report recorded for this content, when it differs from the path given. */
  recordedAs?: string;
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+/g, '/');
}

/** Compare the digests of files given now with the report's `inputs[]`, matched by path. */
export function compareInputs(
  recorded: readonly { path: string; sha256: string }[],
  actual: readonly { path: string; sha256: string }[],
): InputCheck[] {
  return actual.map((a) => {
    // matched by content first: the file may have moved, or been read as <stdin>, since the check
    const same = recorded.find((r) => r.sha256 === a.sha256);
    if (same) {
      const moved = normalise(same.path) !== normalise(a.path);
      return {
        path: a.path,
        status: 'ok',
        expected: same.sha256,
        actual: a.sha256,
        ...(moved ? { recordedAs: same.path } : {}),
      };
    }
    const match =
      recorded.find((r) => r.path === a.path) ?? recorded.find((r) => normalise(r.path) === normalise(a.path));
    if (!match) return { path: a.path, status: 'not-in-report', actual: a.sha256 };
    return {
      path: a.path,
      status: match.sha256 === a.sha256 ? 'ok' : 'changed',
      expected: match.sha256,
      actual: a.sha256,
    };
  });
}
