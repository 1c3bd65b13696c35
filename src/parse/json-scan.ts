/**
 * One linear pass over a JSON text, run before `JSON.parse`, that does three jobs at once:
 *
 * - the nesting-depth check (same rules and stopping point as the YAML pre-scan in parse.ts, so a
 *   100,000-level document is refused before a recursive parser sees it);
 * - duplicate-key detection (`JSON.parse` keeps the last of two equal keys silently);
 * - a small position index: the start offset and line of every `/vendors/N` and
 *   `/vendors/N/services/M` value (offset, line and column, the column taken from the start of the
 *   current line as the scan passes it, so no lookup ever scans back through the text), and the end of
 *   the root's direct children, so that locating a finding is O(1) whatever the layout (one-line or
 *   pretty-printed) and any other pointer needs only a scan of its own vendor or service.
 *
 * Only the duplicate and position results of valid JSON are used (the caller parses first).
 */

import { IntList } from './int-list.js';
import { StringEnds } from './string-ends.js';

/**
 * Where the items of `/vendors` and of every `/vendors/N/services` start, in flat typed arrays (a few bytes per
 * vendor and service, however many there are: one object with three arrays per vendor was ~0.5 KB each).
 * Offsets are UTF-16 code units into the scanned text; lines and columns are 1-based, columns counted in UTF-16
 * code units from the start of the line, as `LineIndex` counts them.
 */
export interface TargetStarts {
  /** Number of items of `/vendors`. */
  vendors: number;
  /** Per vendor item: offset, line and column of its first character. */
  vendorOffsets: Int32Array;
  vendorLines: Int32Array;
  vendorColumns: Int32Array;
  /**
   * Per vendor item: the index of its first service in the service arrays, or -1 when it has no `services`
   * array; its services are that index and the next `serviceCounts[v] - 1`.
   */
  serviceFirst: Int32Array;
  serviceCounts: Int32Array;
  /** Per service item (of every vendor, in document order): offset, line and column of its first character. */
  serviceOffsets: Int32Array;
  serviceLines: Int32Array;
  serviceColumns: Int32Array;
}

export interface JsonScan {
  /** Offset of the bracket that nests deeper than the limit, or -1. */
  tooDeep: number;
  /** First repeated key in an object (offset of its opening quote). */
  duplicate?: { key: string; offset: number };
  /** Start → end (exclusive) of the root and of the root's direct children that are containers. */
  ends: Map<number, number>;
  /** Items of the root object's `vendors` array and of its vendors' `services` arrays, when there is one. */
  vendors?: TargetStarts;
}

/** The typed arrays of a scan, to hand to postMessage's transfer list (moved, not copied). */
export function scanBuffers(scan: JsonScan): ArrayBuffer[] {
  const t = scan.vendors;
  if (!t) return [];
  return [
    t.vendorOffsets,
    t.vendorLines,
    t.vendorColumns,
    t.serviceFirst,
    t.serviceCounts,
    t.serviceOffsets,
    t.serviceLines,
    t.serviceColumns,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** The lists the scan fills while it runs (made into a TargetStarts at the end). */
class StartLists {
  readonly vendorOffsets = new IntList();
  readonly vendorLines = new IntList();
  readonly vendorColumns = new IntList();
  readonly serviceFirst = new IntList();
  readonly serviceCounts = new IntList();
  readonly serviceOffsets = new IntList();
  readonly serviceLines = new IntList();
  readonly serviceColumns = new IntList();

  done(): TargetStarts {
    return {
      vendors: this.vendorOffsets.length,
      vendorOffsets: this.vendorOffsets.done(),
      vendorLines: this.vendorLines.done(),
      vendorColumns: this.vendorColumns.done(),
      serviceFirst: this.serviceFirst.done(),
      serviceCounts: this.serviceCounts.done(),
      serviceOffsets: this.serviceOffsets.done(),
      serviceLines: this.serviceLines.done(),
      serviceColumns: this.serviceColumns.done(),
    };
  }
}

const ROLE_NONE = 0;
const ROLE_ROOT = 1;
const ROLE_VENDORS = 2;
const ROLE_VENDOR = 3;
const ROLE_SERVICES = 4;

/** Up to this many keys per object are compared in place; bigger objects switch to a Set. */
const LINEAR_KEYS = 16;

export function scanJson(text: string, maxDepth: number): JsonScan {
  const n = text.length;
  const ends = new Map<number, number>();
  const result: JsonScan = { tooDeep: -1, ends };

  // per nesting level (1-based): container kind, role, where it started, key bookkeeping
  const isObject: boolean[] = [false];
  const role: number[] = [ROLE_NONE];
  const starts: number[] = [0];
  const expectKey: boolean[] = [false];
  const valueRole: number[] = [ROLE_NONE];
  const keyCount: number[] = [0];
  const keyStarts: number[][] = [[]];
  const keyEnds: number[][] = [[]];
  const keyEscaped: boolean[][] = [[]];
  const keySets: (Set<string> | null)[] = [null];

  let depth = 0;
  let line = 1;
  /** Offset of the first character of the current line: columns come from it, never from a scan back. */
  let lineStart = 0;
  let checkKeys = true;
  let lists: StartLists | undefined;
  /** Whether the items of the current vendor's `services` array are being recorded. */
  let inServices = false;
  let currentVendor = -1;
  /** Level of an indexed array whose next item start is still to be recorded (0: none). */
  let pendingItem = 0;
  const strings = new StringEnds(text);

  const closeServices = (): void => {
    if (inServices && lists) {
      lists.serviceCounts.data[currentVendor] = lists.serviceOffsets.length - lists.serviceFirst.data[currentVendor];
    }
    inServices = false;
  };
  const finish = (): JsonScan => {
    closeServices();
    if (lists) result.vendors = lists.done();
    return result;
  };

  const decode = (start: number, end: number, escaped: boolean): string => {
    if (!escaped) return text.slice(start, end);
    try {
      return JSON.parse(text.slice(start - 1, end + 1)) as string;
    } catch {
      return text.slice(start, end); // not valid JSON: JSON.parse reports it, this result is unused
    }
  };

  const sameKey = (a0: number, a1: number, aEsc: boolean, b0: number, b1: number, bEsc: boolean): boolean => {
    if (aEsc || bEsc) return decode(a0, a1, aEsc) === decode(b0, b1, bEsc);
    if (a1 - a0 !== b1 - b0) return false;
    for (let k = 0; k < a1 - a0; k++) if (text.charCodeAt(a0 + k) !== text.charCodeAt(b0 + k)) return false;
    return true;
  };

  const isKey = (start: number, end: number, escaped: boolean, name: string): boolean =>
    escaped ? decode(start, end, true) === name : end - start === name.length && text.startsWith(name, start);

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      if (c === 10) {
        line++;
        lineStart = i + 1;
      }
      continue;
    }
    if (pendingItem !== 0) {
      if (c !== 93 /* ] */) {
        if (role[pendingItem] === ROLE_VENDORS && lists) {
          lists.vendorOffsets.push(i);
          lists.vendorLines.push(line);
          lists.vendorColumns.push(i - lineStart + 1);
          lists.serviceFirst.push(-1);
          lists.serviceCounts.push(0);
        } else if (inServices && lists) {
          lists.serviceOffsets.push(i);
          lists.serviceLines.push(line);
          lists.serviceColumns.push(i - lineStart + 1);
        }
      }
      pendingItem = 0;
    }
    if (c === 34 /* " */) {
      // the string body ends at an unescaped quote, or (YAML recovery, as in the pre-scan) a newline
      const end = strings.end(i + 1);
      if (end === -1) return finish(); // unterminated string runs to the end
      const escaped = strings.escaped;
      if (depth > 0 && isObject[depth] && expectKey[depth]) {
        expectKey[depth] = false;
        const start = i + 1;
        if (checkKeys) {
          const count = keyCount[depth];
          const set = keySets[depth];
          let repeated = false;
          if (set) {
            const key = decode(start, end, escaped);
            if (set.has(key)) repeated = true;
            else set.add(key);
          } else {
            const s = keyStarts[depth];
            const e = keyEnds[depth];
            const x = keyEscaped[depth];
            for (let k = 0; k < count; k++) {
              if (sameKey(s[k], e[k], x[k], start, end, escaped)) {
                repeated = true;
                break;
              }
            }
            if (!repeated) {
              s[count] = start;
              e[count] = end;
              x[count] = escaped;
              if (count + 1 > LINEAR_KEYS) {
                const all = new Set<string>();
                for (let k = 0; k <= count; k++) all.add(decode(s[k], e[k], x[k]));
                keySets[depth] = all;
              }
            }
          }
          keyCount[depth] = count + 1;
          if (repeated) {
            result.duplicate = { key: decode(start, end, escaped), offset: i };
            checkKeys = false;
          }
        }
        const r = role[depth];
        valueRole[depth] =
          r === ROLE_ROOT && isKey(start, end, escaped, 'vendors')
            ? ROLE_VENDORS
            : r === ROLE_VENDOR && isKey(start, end, escaped, 'services')
              ? ROLE_SERVICES
              : ROLE_NONE;
      }
      if (end < n && text.charCodeAt(end) === 10)
        i = end - 1; // let the loop count the newline
      else i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) {
        result.tooDeep = i;
        return finish();
      }
      const object = c === 123;
      const parent = depth - 1;
      let r = ROLE_NONE;
      if (parent === 0) r = object ? ROLE_ROOT : ROLE_NONE;
      else if (isObject[parent]) {
        r = valueRole[parent];
        valueRole[parent] = ROLE_NONE;
        if (r === ROLE_VENDORS && object) r = ROLE_NONE;
        if (r === ROLE_SERVICES && object) r = ROLE_NONE;
      } else if (role[parent] === ROLE_VENDORS && object) r = ROLE_VENDOR;
      if (keyStarts.length <= depth) {
        keyStarts.push([]);
        keyEnds.push([]);
        keyEscaped.push([]);
      }
      isObject[depth] = object;
      role[depth] = r;
      starts[depth] = i;
      expectKey[depth] = object;
      valueRole[depth] = ROLE_NONE;
      keyCount[depth] = 0;
      keySets[depth] = null;
      if (r === ROLE_VENDORS) {
        lists = new StartLists();
        pendingItem = depth;
      } else if (r === ROLE_VENDOR) {
        currentVendor = (lists as StartLists).vendorOffsets.length - 1;
        inServices = false;
      } else if (r === ROLE_SERVICES && lists && currentVendor >= 0) {
        closeServices();
        inServices = true;
        lists.serviceFirst.data[currentVendor] = lists.serviceOffsets.length;
        pendingItem = depth;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) {
        if (depth <= 2) ends.set(starts[depth], i + 1);
        const r = role[depth];
        if (r === ROLE_SERVICES) closeServices();
        else if (r === ROLE_VENDOR) currentVendor = -1;
        depth--;
      }
    } else if (c === 44 /* , */) {
      if (depth > 0) {
        if (isObject[depth]) expectKey[depth] = true;
        else if (role[depth] === ROLE_VENDORS || (role[depth] === ROLE_SERVICES && inServices)) pendingItem = depth;
      }
    } else if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      // YAML comment in the pre-scan's rules: skip to the end of the line (never valid JSON)
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl - 1;
    }
  }
  return finish();
}
