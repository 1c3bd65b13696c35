import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { JsonStream } from '../parse/json-stream.js';
import { DEFAULT_MAX_DEPTH } from '../parse/parse.js';

/** Bytes read at a time from the head of a report. */
const HEAD_BYTES = 64 * 1024;

/** A member of a JSON file's top-level object, and how many bytes were read to find it. */
export interface HeadRead {
  /** The member's value (`JSON.parse` of its text), or undefined when the object has no such member. */
  value: unknown;
  /** Bytes read from the file: the head up to the member's end (rounded up to a read), not the whole file. */
  bytesRead: number;
}

/**
 * Read one member of a JSON file's top-level object from the file's head, a piece at a time (`JsonStream`, which
 * checks the text as it goes), stopping once the member has been read whole: a JSON report's `summary` costs the
 * same few kilobytes however many findings follow it; what follows the member is never checked. The value is
 * undefined when the file ends, whole or not, without the member. Throws what `fs` throws for an unreadable file,
 * and a JsonStreamError for text that is not JSON before the member's end.
 */
export async function readTopLevelMember(file: string, key: string, chunkBytes = HEAD_BYTES): Promise<HeadRead> {
  let found: { value: unknown } | undefined;
  const stream = new JsonStream({
    keep: new Set([key]),
    maxDepth: DEFAULT_MAX_DEPTH,
    member: (_, text) => {
      found ??= { value: JSON.parse(text) };
    },
  });
  const decoder = new StringDecoder('utf8');
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let bytesRead = 0;
  let first = true;
  try {
    for (;;) {
      const { bytesRead: n } = await handle.read(buffer, 0, chunkBytes, bytesRead);
      bytesRead += n;
      const piece = n === 0 ? decoder.end() : decoder.write(buffer.subarray(0, n));
      // a byte-order mark is not part of the JSON (as when a document is read whole)
      try {
        stream.feed(first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece);
      } catch (error) {
        // what follows the member in the same piece is none of its business
        if (!found) throw error;
      }
      if (piece !== '') first = false;
      if (found) return { value: found.value, bytesRead };
      if (n === 0) return { value: undefined, bytesRead };
    }
  } finally {
    await handle.close();
  }
}
