/**
 * Where characters of a decoded text are in its UTF-8 bytes, for the offsets a shelved JSON document reads from
 * (ParsedDocument.shelve): so a non-ASCII file's pieces can be read again from the file. Computed in the worker
 * thread that scans a large input, alongside JSON.parse on the main thread.
 */
import type { JsonScan } from '../parse/json-scan.js';

/** Bytes of a UTF-8 byte-order mark at the start of `bytes`: 3, or 0 when there is none. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Code-unit offsets of a text (ascending, no repeats) and the byte offset of each in the text's UTF-8 encoding. */
export interface Utf8Offsets {
  units: Float64Array;
  bytes: Float64Array;
}

/**
 * The offsets a shelved document reads its pieces between: the start of each vendor, the start and end of each
 * container the scan recorded (the root and its children: the `vendors` array's end closes the last vendor's
 * piece), and the start and end of the text. Ascending, no repeats.
 */
export function shelfOffsets(scan: JsonScan, length: number): Float64Array {
  const extra = [0, length];
  for (const [start, end] of scan.ends) extra.push(start, end);
  const vendors = scan.vendors?.vendorOffsets ?? new Int32Array(0);
  const all = new Float64Array(vendors.length + extra.length);
  all.set(vendors);
  all.set(extra, vendors.length);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

/**
 * The UTF-8 byte offset of each of `units` (ascending code-unit offsets into `text`, none inside a surrogate
 * pair): the bytes of the text between consecutive offsets, added up. Linear in the text.
 */
export function utf8Offsets(text: string, units: Float64Array): Utf8Offsets {
  const bytes = new Float64Array(units.length);
  let at = 0;
  let total = 0;
  for (let i = 0; i < units.length; i++) {
    total += Buffer.byteLength(text.slice(at, units[i]), 'utf8');
    at = units[i];
    bytes[i] = total;
  }
  return { units, bytes };
}

/** The byte offset of code unit `unit`, when the table has it (binary search); undefined otherwise. */
export function byteAt(table: Utf8Offsets, unit: number): number | undefined {
  const units = table.units;
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const u = units[mid];
    if (u === unit) return table.bytes[mid];
    if (u < unit) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
