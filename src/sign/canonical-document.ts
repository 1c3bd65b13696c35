import { constants } from 'node:buffer';
import { ResidencyError } from '../model/errors.js';
import { JsonStream } from '../parse/json-stream.js';
import { DEFAULT_MAX_DEPTH } from '../parse/parse.js';
import { canonicalText } from '../util/canonical-json.js';
import { formatBytes } from '../util/text.js';

/** A JSON report's long lists, taken an element at a time. */
const LISTS: ReadonlySet<string> = new Set(['vendors', 'findings']);

const OPEN = Buffer.from('{');
const CLOSE = Buffer.from('}');

/**
 * The most signed bytes a report may have: what one Buffer holds, because `residency verify` checks a signature with
 * Node's Ed25519, which takes its message in one piece. The signer reads the bytes twice as chunks instead
 * (`signEd25519Chunks`) and could sign more, but a report it signs must be one that `verify` can check.
 */
export const MAX_SIGNED_BYTES = constants.MAX_LENGTH;

/**
 * Where a long list's canonical bytes are kept until they are signed: in memory (`MemorySink`), or, for the CLI, in
 * a file (`src/adapters/spill.ts`), so that a large report's bytes are never in memory whole: they are read back a
 * chunk at a time when they are signed, and gathered into one buffer only when they are verified.
 */
export interface ListSink {
  /** Append a string's UTF-8 bytes. */
  write(piece: string): void;
  /** Bytes written. */
  readonly length: number;
  /**
   * The bytes written, in order, a chunk at a time; may be read again. A chunk may be overwritten by the next one
   * (a file's are read into one buffer): use it before asking for the next.
   */
  chunks(): Iterable<Uint8Array>;
}

/** Makes a sink for each long list of a document, and lets go of them all when the document is done with. */
export interface ListSinks {
  sink(): ListSink;
  close(): void;
}

/**
 * The bytes a report's signature covers (`signedBytes`: the document without `signature`, as canonical JSON), made
 * a top-level member at a time, and the elements of `vendors` and `findings` one at a time (pure, but for where
 * `sinks` keeps the lists' bytes). The members come from the document's JSON text, fed a piece at a time (to `stream`:
 * checked as residency's JSON reader checks it, by `JsonStream`, each member and element parsed on its own), or, from
 * the writer of the text, as the values it writes (`member`, `item`, `list`). Neither the text nor the parsed document
 * is ever held whole, so a report past V8's longest string (512 MiB) is signed and verified like any other. The bytes
 * are read back a chunk at a time when they are signed (`signedChunks`), and made into one buffer when they are
 * verified (`signedBytes`: Node's Ed25519 verifies a message in one piece).
 *
 * The canonical form of a document is the canonical form of each member under its key, keys sorted: the same bytes
 * as `canonicalJsonBytes` of the parsed document (test/unit/sign/canonical-document.test.ts).
 */
export class CanonicalDocument {
  /** Each member's canonical bytes, by key: a list's in its sink. */
  readonly #members = new Map<string, Buffer | ListSink>();
  /** The lists being read. */
  readonly #lists = new Map<string, ListSink>();
  readonly #keep: ReadonlySet<string>;
  readonly #sinks: ListSinks;
  /** The members asked for, parsed. */
  readonly parsed: Record<string, unknown> = {};
  readonly stream: JsonStream;

  /**
   * `keep`: the members also wanted parsed (`parsed`): the signature, the inputs' digests. `sinks`: where the lists'
   * bytes are kept (in memory by default).
   */
  constructor(keep: readonly string[] = [], sinks: ListSinks = memorySinks()) {
    this.#keep = new Set(keep);
    this.#sinks = sinks;
    this.stream = new JsonStream({
      keep: 'all',
      items: LISTS,
      maxDepth: DEFAULT_MAX_DEPTH,
      member: (key, text) => this.member(key, JSON.parse(text)),
      item: (text, _index, _line, _column, key) => this.item(key, JSON.parse(text)),
      list: (key, count) => this.list(key, count),
    });
  }

  /**
   * A top-level member, as a value (the text's reader parses it; the writer of the text hands over the value it
   * writes: for JSON data, a value and its JSON text parsed have the same canonical form).
   */
  member(key: string, value: unknown): void {
    if (this.#keep.has(key)) this.parsed[key] = value;
    this.#members.set(key, Buffer.from(canonicalText(value), 'utf8'));
  }

  /** The next item of the list `key`. */
  item(key: string, value: unknown): void {
    let sink = this.#lists.get(key);
    const first = sink === undefined;
    if (sink === undefined) {
      sink = this.#sinks.sink();
      this.#lists.set(key, sink);
    }
    sink.write(`${first ? '[' : ','}${canonicalText(value)}`);
  }

  /** The list `key` has ended, after `count` items. */
  list(key: string, count: number): void {
    const sink = this.#lists.get(key);
    this.#lists.delete(key);
    if (count === 0 || sink === undefined) {
      this.#members.set(key, Buffer.from('[]'));
      return;
    }
    sink.write(']');
    this.#members.set(key, sink);
  }

  /**
   * The canonical bytes of the document without its `signature` member (what `signedBytes` gives for it), a chunk
   * at a time, read again on each call; a chunk may be overwritten by the next (see `ListSink.chunks`).
   */
  signedChunks(): () => Iterable<Uint8Array> {
    const { members } = this.#signed();
    return () => chunksOf(members);
  }

  /** The same bytes as `signedChunks`, in one buffer. */
  signedBytes(): Buffer {
    const { members, total } = this.#signed();
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (const chunk of chunksOf(members)) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /** The members in the order they are signed (keys sorted, without `signature`), and their bytes in all. */
  #signed(): { members: SignedMember[]; total: number } {
    const keys = [...this.#members.keys()].filter((key) => key !== 'signature').sort();
    const members = keys.map((key, i) => ({
      name: Buffer.from(`${i === 0 ? '' : ','}${JSON.stringify(key)}:`, 'utf8'),
      bytes: this.#members.get(key) as Buffer | ListSink,
    }));
    let total = OPEN.length + CLOSE.length;
    for (const { name, bytes } of members) total += name.length + bytes.length;
    if (total > MAX_SIGNED_BYTES) {
      throw new ResidencyError('E_TOO_LARGE', 'the signed part of the report is too large to verify', [
        {
          code: 'E_TOO_LARGE',
          severity: 'error',
          message: `the report's signed bytes are ${formatBytes(total)}, over the ${formatBytes(MAX_SIGNED_BYTES)} Node verifies in one buffer (Ed25519 takes its message in one piece)`,
          hint: 'Check fewer vendors per signed report (one check per inventory file), or leave out --sign',
        },
      ]);
    }
    return { members, total };
  }

  /** Let go of the lists' bytes (a sink's file, say). */
  close(): void {
    this.#sinks.close();
  }
}

/** A member's key as it is signed (`,"key":`), and its canonical bytes (a list's in its sink). */
interface SignedMember {
  name: Buffer;
  bytes: Buffer | ListSink;
}

/** The signed bytes of `members`, in order, a chunk at a time. */
function* chunksOf(members: readonly SignedMember[]): Generator<Uint8Array> {
  yield OPEN;
  for (const { name, bytes } of members) {
    yield name;
    if (Buffer.isBuffer(bytes)) yield bytes;
    else yield* bytes.chunks();
  }
  yield CLOSE;
}

/** Bytes of one piece of memory for a list's canonical text. */
const CHUNK_BYTES = 1 << 20;

/** Lists kept in memory, in chunks of CHUNK_BYTES (never copied to grow, as one growing buffer is). */
export function memorySinks(): ListSinks {
  return { sink: () => new MemorySink(), close: () => {} };
}

class MemorySink implements ListSink {
  readonly #full: Buffer[] = [];
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  #length = 0;
  get length(): number {
    return this.#length;
  }
  write(piece: string): void {
    const most = piece.length * 3; // UTF-8 bytes of one UTF-16 code unit: at most 3
    if (this.#used + most > this.#buffer.length) {
      this.#full.push(this.#buffer.subarray(0, this.#used));
      this.#buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      this.#used = 0;
    }
    const n = this.#buffer.write(piece, this.#used, 'utf8');
    this.#used += n;
    this.#length += n;
  }
  *chunks(): Iterable<Uint8Array> {
    yield* this.#full;
    yield this.#buffer.subarray(0, this.#used);
  }
}
