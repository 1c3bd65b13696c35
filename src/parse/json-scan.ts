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

export interface TargetStarts {
  /** Offset of the first character of each array item. */
  offsets: number[];
  /** 1-based line of each item. */
  lines: number[];
  /** 1-based column of each item (UTF-16 code units from the start of its line, as `LineIndex`). */
  columns: number[];
}

export interface VendorStarts extends TargetStarts {
  /** Per vendor index: the items of its `services` array, when it is an array. */
  services: (TargetStarts | undefined)[];
}

export interface JsonScan {
  /** Offset of the bracket that nests deeper than the limit, or -1. */
  tooDeep: number;
  /** First repeated key in an object (offset of its opening quote). */
  duplicate?: { key: string; offset: number };
  /** Start → end (exclusive) of the root and of the root's direct children that are containers. */
  ends: Map<number, number>;
  /** Items of the root object's `vendors` array, when there is one. */
  vendors?: VendorStarts;
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
  let vendors: VendorStarts | undefined;
  let currentServices: TargetStarts | undefined;
  let currentVendor = -1;
  /** Level of an indexed array whose next item start is still to be recorded (0: none). */
  let pendingItem = 0;

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
        if (role[pendingItem] === ROLE_VENDORS && vendors) {
          vendors.offsets.push(i);
          vendors.lines.push(line);
          vendors.columns.push(i - lineStart + 1);
        } else if (currentServices) {
          currentServices.offsets.push(i);
          currentServices.lines.push(line);
          currentServices.columns.push(i - lineStart + 1);
        }
      }
      pendingItem = 0;
    }
    if (c === 34 /* " */) {
      // the string body ends at an unescaped quote, or (YAML recovery, as in the pre-scan) a newline
      let escaped = false;
      let end = i + 1;
      for (;;) {
        if (end >= n) return result; // unterminated string runs to the end
        const d = text.charCodeAt(end);
        if (d === 34 || d === 10) break;
        if (d === 92) {
          escaped = true;
          end += 2; // the escaped character is skipped
        } else end++;
      }
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
        return result;
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
        vendors = { offsets: [], lines: [], columns: [], services: [] };
        result.vendors = vendors;
        pendingItem = depth;
      } else if (r === ROLE_VENDOR) {
        currentVendor = (vendors as VendorStarts).offsets.length - 1;
        currentServices = undefined;
      } else if (r === ROLE_SERVICES && vendors && currentVendor >= 0) {
        currentServices = { offsets: [], lines: [], columns: [] };
        vendors.services[currentVendor] = currentServices;
        pendingItem = depth;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) {
        if (depth <= 2) ends.set(starts[depth], i + 1);
        const r = role[depth];
        if (r === ROLE_SERVICES) currentServices = undefined;
        else if (r === ROLE_VENDOR) currentVendor = -1;
        depth--;
      }
    } else if (c === 44 /* , */) {
      if (depth > 0) {
        if (isObject[depth]) expectKey[depth] = true;
        else if (role[depth] === ROLE_VENDORS || (role[depth] === ROLE_SERVICES && currentServices))
          pendingItem = depth;
      }
    } else if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      // YAML comment in the pre-scan's rules: skip to the end of the line (never valid JSON)
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl - 1;
    }
  }
  return result;
}
