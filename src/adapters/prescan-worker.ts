/**
 * Worker thread for large JSON inputs: decodes the shared bytes, hashes the text and runs the
 * pre-parse scan (depth, repeated keys, vendor/service offsets), and for a text that is not all ASCII finds where
 * its vendors start in its bytes (text-offsets.ts), while the main thread runs
 * JSON.parse on its own copy of the text. Same functions, same text, so the same results as the
 * sequential path (src/parse/parse.ts); see src/adapters/prescan.ts.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { scanBuffers, scanJson } from '../parse/json-scan.js';
import { bomLength, shelfOffsets, utf8Offsets } from './text-offsets.js';

const { bytes, maxDepth } = workerData as { bytes: Uint8Array; maxDepth: number };
const text = new TextDecoder('utf-8').decode(bytes);
// the main thread has checked the bytes are valid UTF-8 and hashes its decoded text (which has no
// byte-order mark: TextDecoder drops it); those are exactly these bytes after a BOM, hashed directly
const bom = bomLength(bytes);
const sha256 = createHash('sha256').update(bytes.subarray(bom)).digest('hex');
const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
const scan = scanJson(body, maxDepth);
// a text that is not all ASCII: where the pieces a shelved document reads start and end in its bytes
const ascii = isAscii(bytes.subarray(bom));
const utf8 = ascii ? undefined : utf8Offsets(body, shelfOffsets(scan, body.length));
// the position arrays are moved to the main thread, not copied
const moved = scanBuffers(scan);
if (utf8) moved.push(utf8.units.buffer as ArrayBuffer, utf8.bytes.buffer as ArrayBuffer);
parentPort?.postMessage({ scan, sha256, maxDepth, length: body.length, ascii, utf8 }, moved);
