import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { type FileErrors, locatedError, type ResidencyError } from '../model/errors.js';
import { JsonStream, JsonStreamError } from '../parse/json-stream.js';
import { DEFAULT_MAX_DEPTH } from '../parse/parse.js';
import { readError, statInput } from './files.js';

/** Bytes read at a time. */
const READ_BYTES = 1024 * 1024;

/**
 * Reports up to this size that a streamed read finds a problem in are read again whole, so their error is the one
 * the whole-text reader gives (the same words and position as before reports were streamed); larger ones get the
 * stream's own located error, without spending the memory a whole read would take.
 */
export const REREAD_WHOLE_BYTES = 64 * 1024 * 1024;

/**
 * Whether a report file is read a piece at a time: a named file that is not YAML by its name (standard input is
 * read whole, as is a report saved as YAML, which the whole-text reader parses as YAML).
 */
function streamable(file: string): boolean {
  return file !== '-' && !/\.ya?ml$/i.test(file);
}

/** Where an item starts, for an error about it. */
export interface ItemAt {
  index: number;
  line: number;
  column: number;
}

/** A problem with the content of a report read as a stream, where it is. */
export class StreamedReportProblem extends Error {
  readonly expected: string;
  readonly line: number;
  readonly column: number;
  constructor(
    /** What is wrong and what was expected instead. */
    [message, expected]: readonly [string, string],
    at: { line: number; column: number },
    /** The JSON pointer of what is wrong. */
    readonly pointer: string,
  ) {
    super(message);
    this.expected = expected;
    this.line = at.line;
    this.column = at.column;
  }
}

export interface StreamedReport {
  /** The kept top-level members, parsed. */
  members: Record<string, unknown>;
  /** Whether the document is an object, and its `findings` a list. */
  isObject: boolean;
  sawItems: boolean;
  /** sha256 of the text (a byte-order mark excluded), as the whole-text reader computes it. */
  sha256: string;
}

/**
 * Read a JSON report from a file a piece at a time (`JsonStream`): `keep` members come back parsed, each element
 * of `findings` goes to `item`, parsed, as it is read, and nothing else is held. Throws what `statInput` throws for
 * a file that cannot be read, a JsonStreamError for text that is not JSON (or not UTF-8: a TypeError from the
 * decoder), and what `item` throws.
 */
export async function streamReport(
  file: string,
  keep: readonly string[],
  item: (value: unknown, at: ItemAt) => void,
): Promise<StreamedReport> {
  const members: Record<string, unknown> = {};
  const stream = new JsonStream({
    keep: new Set(keep),
    items: new Set(['findings']),
    maxDepth: DEFAULT_MAX_DEPTH,
    member: (key, text) => {
      members[key] = JSON.parse(text);
    },
    item: (text, index, line, column) => item(JSON.parse(text), { index, line, column }),
  });
  const sha256 = await feedFile(file, stream);
  return { members, isObject: stream.isObject, sawItems: stream.sawItems, sha256 };
}

/**
 * Feed a file's text to `stream` a piece at a time (READ_BYTES of bytes, decoded as UTF-8 as they come) and end it;
 * returns the sha256 of the text (a byte-order mark excluded), as the whole-text reader computes it. Throws what
 * `statInput` throws for a file that cannot be read, and a JsonStreamError for text that is not JSON or not UTF-8.
 */
export async function feedFile(file: string, stream: JsonStream): Promise<string> {
  await statInput(file); // a missing file, a folder, a FIFO: the errors readInputFile gives
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    throw readError(file, error);
  }
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  // the last bytes of the piece before: the decoder may hold the start of a character from them
  let tail = Buffer.alloc(0);
  let bytes = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = (await handle.read(buffer, 0, READ_BYTES, bytes)).bytesRead;
      } catch (error) {
        throw readError(file, error);
      }
      if (n === 0) break;
      const chunk = buffer.subarray(0, n);
      // the digest is of the text, as the whole-text reader takes it: without a leading byte-order mark
      const bom = bytes === 0 && n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      hash.update(bom ? chunk.subarray(3) : chunk);
      bytes += n;
      stream.feed(decode(decoder, chunk, tail, stream));
      tail = Buffer.from(chunk.subarray(Math.max(0, n - 3)));
    }
    stream.feed(decode(decoder, undefined, tail, stream));
    stream.end();
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * The next piece of text, or, when the bytes are not UTF-8, the error at the first character that is not, where the
 * whole-text reader puts it (`decodeUtf8`: the first U+FFFD of a lenient decoding). `tail`: the previous piece's last
 * bytes, `stream`: where the text fed so far ends.
 */
function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, tail: Uint8Array, stream: JsonStream): string {
  try {
    return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    const held = heldBytes(tail);
    const bytes = Buffer.concat([tail.subarray(tail.length - held), chunk ?? new Uint8Array(0)]);
    const text = new TextDecoder('utf-8').decode(bytes);
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
    const at = stream.position;
    const lastBreak = before.lastIndexOf('\n');
    const breaks = lastBreak === -1 ? 0 : before.split('\n').length - 1;
    throw new JsonStreamError(
      'the file is not valid UTF-8 text (binary data or another encoding)',
      at.line + breaks,
      lastBreak === -1 ? at.column + before.length : before.length - lastBreak,
      'E_ENCODING',
    );
  }
}

/** How many of the last bytes of `tail` begin a character that needs more bytes (the decoder holds them). */
function heldBytes(tail: Uint8Array): number {
  for (let i = 1; i <= tail.length; i++) {
    const b = tail[tail.length - i];
    if (b < 0x80) return 0;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > i ? i : 0;
  }
  return 0;
}

const SYNTAX_HINTS: Record<JsonStreamError['code'], [string, string]> = {
  E_PARSE: ['well-formed JSON (RFC 8259)', 'Fix the syntax at this position'],
  E_DUPLICATE_KEY: ['each key once per object', 'Remove or rename the repeated key'],
  E_DEPTH: [`at most ${DEFAULT_MAX_DEPTH} levels of nesting`, 'A report never needs this depth; check the file'],
  E_ENCODING: ['UTF-8 text', 'Convert the file to UTF-8 (for example `iconv -f WINDOWS-1252 -t UTF-8`)'],
};

/** A streamed read's problem with the text itself (not JSON, not UTF-8), as a located error. */
function syntaxError(file: string, problem: JsonStreamError): ResidencyError {
  const message = problem.code === 'E_PARSE' ? `invalid JSON: ${problem.message}` : problem.message;
  const [expected, hint] = SYNTAX_HINTS[problem.code];
  return locatedError(problem.code, file, { line: problem.line, column: problem.column }, message, { expected, hint });
}

/**
 * Read a report file with `read` (a streamed read) when it can be (`streamable`), else with `whole`; and with
 * `whole` too when the streamed read finds a problem in a report of `rereadWholeBytes` or less (REREAD_WHOLE_BYTES
 * but in tests), whose error is then the one given: the streamed read's own errors are for reports too large to read
 * whole. `errors` makes the error of a large report's StreamedReportProblem (the baseline's, the diff's or verify's);
 * a problem with its text is E_PARSE, E_DUPLICATE_KEY, E_DEPTH or E_ENCODING at its line and column.
 */
export async function streamOrWhole<T>(
  file: string,
  read: () => Promise<T>,
  whole: () => Promise<T>,
  errors: Pick<FileErrors, 'at'>,
  rereadWholeBytes = REREAD_WHOLE_BYTES,
): Promise<T> {
  if (!streamable(file)) return whole();
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof JsonStreamError || error instanceof StreamedReportProblem)) throw error;
    if ((await statInput(file)).size <= rereadWholeBytes) return whole();
    throw error instanceof JsonStreamError
      ? syntaxError(file, error)
      : errors.at(file, error, error.pointer, error.message, error.expected);
  }
}
