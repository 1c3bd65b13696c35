import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { TopLevelMember } from '../parse/json-head.js';

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
 * Read one member of a JSON file's top-level object from the file's head, a piece at a time, stopping once the
 * member has been read whole (`TopLevelMember`): a JSON report's `summary` costs the same few kilobytes however
 * many findings follow it. Throws what `fs` throws for an unreadable file, and a SyntaxError when the member's
 * text is not JSON.
 */
export async function readTopLevelMember(file: string, key: string, chunkBytes = HEAD_BYTES): Promise<HeadRead> {
  const scanner = new TopLevelMember(key);
  const decoder = new StringDecoder('utf8');
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let bytesRead = 0;
  try {
    for (;;) {
      const { bytesRead: n } = await handle.read(buffer, 0, chunkBytes, bytesRead);
      bytesRead += n;
      const found = n === 0 ? scanner.feed(decoder.end()) : scanner.feed(decoder.write(buffer.subarray(0, n)));
      if (found.state === 'found') return { value: JSON.parse(found.text), bytesRead };
      if (found.state === 'absent' || n === 0) return { value: undefined, bytesRead };
    }
  } finally {
    await handle.close();
  }
}
