import type { LocateWork } from './line-index.js';
import { pointerToPath } from './pointer.js';

/**
 * Finds the text offset of a value inside a JSON text without building a position tree for the
 * whole document: containers are indexed the first time a lookup passes through them. Vendors and
 * services are found directly from the pre-parse scan (json-scan.ts); this handles every other
 * pointer, starting from the nearest vendor or service (see docs/performance.md).
 */
export interface JsonPositionIndex {
  offset(pointer: string, key?: boolean): number | undefined;
  /** Resolve path[from…] starting at the value that begins at offset `start`. */
  offsetFrom(path: readonly (string | number)[], from: number, start: number, key?: boolean): number | undefined;
}

interface ObjectIndex {
  kind: 'object';
  members: Map<string, { key: number; value: number }>;
}
interface ArrayIndex {
  kind: 'array';
  items: number[];
}
type ContainerIndex = ObjectIndex | ArrayIndex;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * `ends` (from scanJson) gives the end of the root's direct children, so a lookup outside `/vendors`
 * skips that array in O(1); other nested containers are skipped by scanning their own text.
 */
export function jsonPositionIndex(
  text: string,
  ends: Map<number, number> = new Map(),
  work?: LocateWork,
): JsonPositionIndex {
  const cache = new Map<number, ContainerIndex | null>();

  const skipSpace = (from: number): number => {
    let i = from;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (work) work.chars += i - from;
    return i;
  };

  /** i points at an opening quote; returns the offset after the closing quote. */
  const skipString = (i: number): number => {
    let j = i + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q === -1) {
        if (work) work.chars += text.length - i;
        return text.length;
      }
      let backslashes = 0;
      for (let k = q - 1; k > i && text.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0) {
        if (work) work.chars += q + 1 - i;
        return q + 1;
      }
      j = q + 1;
    }
  };

  /** i points at the first character of a value; returns the offset after it. */
  const skipValue = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === 34) return skipString(i);
    if (c === 123 || c === 91) {
      const end = ends.get(i);
      if (end !== undefined) return end;
      let depth = 0;
      let j = i;
      let outside = 0; // characters examined outside strings (skipString counts its own)
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 34) {
          j = skipString(j);
          continue;
        }
        outside++;
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          depth--;
          if (depth === 0) {
            if (work) work.chars += outside;
            return j + 1;
          }
        }
        j++;
      }
      if (work) work.chars += outside;
      return text.length;
    }
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || isSpace(d)) break;
      j++;
    }
    if (work) work.chars += j - i;
    return j;
  };

  const indexContainer = (start: number): ContainerIndex | null => {
    const cached = cache.get(start);
    if (cached !== undefined) return cached;
    const c = text.charCodeAt(start);
    let result: ContainerIndex | null = null;
    if (c === 91) {
      const items: number[] = [];
      let i = skipSpace(start + 1);
      if (text.charCodeAt(i) !== 93) {
        while (i < text.length) {
          items.push(i);
          i = skipSpace(skipValue(i));
          if (text.charCodeAt(i) === 44) i = skipSpace(i + 1);
          else break;
        }
      }
      result = { kind: 'array', items };
    } else if (c === 123) {
      const members = new Map<string, { key: number; value: number }>();
      let i = skipSpace(start + 1);
      while (i < text.length && text.charCodeAt(i) === 34) {
        const keyStart = i;
        const keyEnd = skipString(i);
        const rawKey = text.slice(keyStart + 1, keyEnd - 1);
        const key = rawKey.includes('\\') ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : rawKey;
        i = skipSpace(keyEnd);
        if (text.charCodeAt(i) !== 58) break;
        i = skipSpace(i + 1);
        members.set(key, { key: keyStart, value: i });
        i = skipSpace(skipValue(i));
        if (text.charCodeAt(i) === 44) i = skipSpace(i + 1);
        else break;
      }
      result = { kind: 'object', members };
    }
    cache.set(start, result);
    return result;
  };

  const root = skipSpace(0);

  return {
    offset(pointer, key = false) {
      return this.offsetFrom(pointerToPath(pointer), 0, root, key);
    },
    offsetFrom(path, from, start, key = false) {
      let at = start;
      let keyAt = start;
      for (let p = from; p < path.length; p++) {
        const part = path[p];
        const container = indexContainer(at);
        if (!container) return undefined;
        if (container.kind === 'array') {
          if (typeof part !== 'number') return undefined;
          const item = container.items[part];
          if (item === undefined) return undefined;
          at = item;
          keyAt = item;
        } else {
          const member = container.members.get(String(part));
          if (!member) return undefined;
          at = member.value;
          keyAt = member.key;
        }
      }
      return key ? keyAt : at;
    },
  };
}
