/** RFC 6901 JSON pointers. Array indices come back as numbers so YAML's getIn finds sequence items. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  const parts = pointer.slice(1).split('/');
  const escaped = pointer.includes('~');
  const out: (string | number)[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const key = escaped ? parts[i].replace(/~1/g, '/').replace(/~0/g, '~') : parts[i];
    out[i] = isIndex(key) ? Number(key) : key;
  }
  return out;
}

/** The pointer to a path of keys and indices (`[]` is the whole document, ``). */
export function pathToPointer(path: readonly (string | number)[]): string {
  let out = '';
  for (const token of path) out += `/${escapePointerToken(token)}`;
  return out;
}

/** One pointer token: `~` as `~0`, `/` as `~1`. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Same as /^(0|[1-9]\d*)$/ without a regular expression (hot: every location lookup). */
function isIndex(key: string): boolean {
  const n = key.length;
  if (n === 0) return false;
  const first = key.charCodeAt(0);
  if (first === 48) return n === 1;
  if (first < 49 || first > 57) return false;
  for (let i = 1; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
