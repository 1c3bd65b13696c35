/**
 * The one JSON writer for bytes that are hashed or signed (pure): a report's signature (`src/sign/sign.ts`) and the
 * configuration digest (`src/report/build.ts`).
 *
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, arrays in order, `undefined` and function
 * members dropped and `undefined` array items written `null` (as JSON.stringify does), `toJSON` honoured. Two equal
 * JSON values give the same bytes. With `sortKeys: false` the keys keep their own order, which for JSON data is
 * exactly `JSON.stringify(value)`.
 *
 * The text is produced in pieces (each a whole token or punctuation, so never half a surrogate pair) handed to a
 * sink: a hash is fed piece by piece and the bytes to sign are encoded into one growing buffer, so a 170 MB report
 * is never one string (two bytes per character once it holds a "—") nor built by nested joins.
 */
import { createHash } from 'node:crypto';

export interface CanonicalOptions {
  /** Sort object keys (default true); false keeps their order (JSON.stringify's bytes). */
  sortKeys?: boolean;
}

/** Characters gathered before a piece is handed to the sink (small strings are joined first). */
const PIECE = 1 << 16;

/** Write `value` as canonical JSON, in pieces, to `sink`. */
export function writeCanonicalJson(
  value: unknown,
  sink: (piece: string) => void,
  options: CanonicalOptions = {},
): void {
  const sortKeys = options.sortKeys !== false;
  let pending = '';
  const put = (s: string): void => {
    pending += s;
    if (pending.length >= PIECE) {
      sink(pending);
      pending = '';
    }
  };
  // the document and its members or items are walked here, a piece each; what they hold (a report's finding, its
  // summary) is written as one string, by JSON.stringify of a copy with its keys in order (canonicalText)
  const write = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object') {
      const text = JSON.stringify(v);
      put(text === undefined ? 'null' : text);
      return;
    }
    if (sortKeys && depth >= WALKED_DEPTH) {
      put(canonicalText(v));
      return;
    }
    if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) put(',');
        const item = v[i];
        if (item === undefined || typeof item === 'function') put('null');
        else write(item, depth + 1);
      }
      put(']');
      return;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      write((v as { toJSON: () => unknown }).toJSON(), depth);
      return;
    }
    const keys = Object.keys(v);
    if (sortKeys) keys.sort();
    put('{');
    let first = true;
    for (const key of keys) {
      const member = (v as Record<string, unknown>)[key];
      if (member === undefined || typeof member === 'function') continue;
      put(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
      write(member, depth + 1);
    }
    put('}');
  };
  write(value, 0);
  if (pending) sink(pending);
}

/** Containers this many levels deep or deeper are written by canonicalText: the document and a list's items are walked. */
const WALKED_DEPTH = 2;

/**
 * Canonical JSON of one value as one string: JSON.stringify of a copy whose objects have their keys in sorted order,
 * which is several times faster than writing each token in JavaScript. A copy cannot put a key that looks like an
 * array index (`"10"`) in sorted order (JavaScript lists those keys first, in numeric order), nor hold `__proto__`
 * as a key: a value with such a key is walked, as writeCanonicalJson does.
 */
export function canonicalText(value: unknown): string {
  const copy = sortedCopy(value);
  if (copy === WALK) {
    let text = '';
    writeCanonicalJson(value, (piece) => {
      text += piece;
    });
    return text;
  }
  return JSON.stringify(copy) ?? 'null';
}

/** Returned by sortedCopy for a value it cannot copy in canonical key order. */
const WALK: unique symbol = Symbol('walk');

function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out[i] = null;
      else {
        const copy = sortedCopy(item);
        if (copy === WALK) return WALK;
        out[i] = copy;
      }
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return sortedCopy((v as { toJSON: () => unknown }).toJSON());
  const keys = Object.keys(v).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const c = key.charCodeAt(0);
    if ((c >= 0x30 && c <= 0x39) || key === '__proto__') return WALK;
    const member = (v as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    // the walker writes a symbol member as null (JSON.stringify would leave it out)
    const copy = typeof member === 'symbol' ? null : sortedCopy(member);
    if (copy === WALK) return WALK;
    out[key] = copy;
  }
  return out;
}

/** Canonical JSON as one string (small values; large ones go to `canonicalJsonBytes` or `canonicalDigest`). */
export function canonicalJson(value: unknown, options?: CanonicalOptions): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, (p) => pieces.push(p), options);
  return pieces.join('');
}

/**
 * Canonical JSON as UTF-8 bytes, encoded piece by piece into one buffer. `capacity`: the bytes expected (e.g. the
 * size of the file the value was parsed from), allocated at once instead of doubling from a small buffer (a doubling
 * holds the old and the new buffer at once, and the last one can be twice the size needed); more is still grown.
 */
export function canonicalJsonBytes(value: unknown, options?: CanonicalOptions & { capacity?: number }): Buffer {
  let buffer = Buffer.allocUnsafe(Math.max(PIECE * 4, (options?.capacity ?? 0) + PIECE * 3));
  let length = 0;
  writeCanonicalJson(
    value,
    (piece) => {
      const most = piece.length * 3; // UTF-8 bytes of one UTF-16 code unit: at most 3
      if (length + most > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, length + most));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      length += buffer.write(piece, length, 'utf8');
    },
    options,
  );
  return buffer.subarray(0, length);
}

/** sha256 (hex) of the canonical JSON, hashed piece by piece. */
export function canonicalDigest(value: unknown, options?: CanonicalOptions): string {
  const hash = createHash('sha256');
  writeCanonicalJson(value, (piece) => hash.update(piece, 'utf8'), options);
  return hash.digest('hex');
}
