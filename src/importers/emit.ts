/**
 * The inventory YAML that `residency import` writes, in pieces. Pure.
 *
 * `yaml`'s `stringify` of a whole 100k-vendor inventory builds one node tree for all of it (about a GiB live at
 * once). Here every top-level member is stringified on its own and `vendors` in slices of `VENDORS_PER_PIECE`, each
 * slice as `{ vendors: slice }` so its items are written in exactly the context (indentation, key position) they
 * have in the whole document; the `vendors:` line of every slice after the first is dropped. A block collection
 * joins its items and a document ends with one newline whatever its items hold (no comments here), so the pieces
 * concatenate to the bytes of `stringify(inventory, YAML_OPTIONS)` (a property test compares them).
 *
 * A vendor that holds only one-line strings, integers, booleans, maps and lists of those — what an import mostly
 * makes — is laid out here directly as `yaml` lays it out, without building its node tree (`yaml`'s stringify was
 * half of the CPU of a 100k-row import); a string that needs quotes is written by `yaml` on its own. Any other
 * vendor (a multi-line string, a float, null, a list in a list, an unusual key) is written whole by `yaml`.
 */
import { stringify } from 'yaml';
import type { Inventory } from '../model/types.js';
import { cached } from '../util/memo.js';

/** How the inventory is written: no line folding, no anchors for repeated objects. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * `directives: false` only skips `yaml`'s walk of the whole node tree looking for tags to declare: a plain
 * value has none and declares no `%YAML`, so the text is the same.
 */
const PIECE_OPTIONS = { ...YAML_OPTIONS, directives: false } as const;

/**
 * Vendors per piece. Whatever a piece holds while it is made and a collection of the young generation runs is moved
 * to the old generation, where it stays until the next full collection: at 100k imported rows, pieces of 256
 * vendors peaked at ~291 MiB, of 64 at ~277 MiB (of 16 or 32, no lower; docs/performance-history.md, "Pass 13").
 */
export const VENDORS_PER_PIECE = 64;

const VENDORS_KEY = 'vendors:\n';

/**
 * Strings `yaml` writes as they are (plain) as a map value or list item in block context: a letter first, then
 * letters, digits, spaces, quotes and `._/()+,-`, no space at the end, and not a word a YAML reader could take for
 * a boolean or null (the YAML 1.1 ones too, to be safe). No `:` or `#` (`a: b`, `a #b`), indicator, escape or line
 * break: any other string is written by `yaml` (`scalarText`).
 */
const PLAIN = /^[A-Za-z][A-Za-z0-9 ._/()+,'"-]*$/;
const WORDS = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A scalar as `yaml` writes it, or undefined when this writer leaves it to `yaml`. */
function plainScalar(value: unknown): string | undefined {
  if (typeof value === 'string')
    return PLAIN.test(value) && !value.endsWith(' ') && !WORDS.test(value) ? value : undefined;
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** How `yaml` writes one line of text as a map value and as a list item, remembered per string (bounded). */
class ScalarCache {
  private readonly texts = new Map<string, string | null>();

  text(value: unknown, item: boolean): string | undefined {
    const plain = plainScalar(value);
    if (plain !== undefined) return plain;
    // a string of one line is written the same at any depth of block context (no folding at lineWidth 0): ask
    // `yaml` for it once, in the same position at the top; anything longer is left to `yaml` with its vendor
    if (typeof value !== 'string' || value.includes('\n')) return undefined;
    const key = `${item ? '-' : ':'}${value}`;
    const text = cached(
      this.texts,
      key,
      () => {
        const whole = item ? stringify([value], PIECE_OPTIONS) : stringify({ k: value }, PIECE_OPTIONS);
        const prefix = item ? '- ' : 'k: ';
        const one = whole.startsWith(prefix) && whole.indexOf('\n') === whole.length - 1;
        return one ? whole.slice(prefix.length, -1) : null;
      },
      10_000,
    );
    return text ?? undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A block map's pairs at indentation `pad`, as `yaml` writes them (lineWidth 0: nothing folded), or undefined
 * when it holds anything but plain scalars, maps and lists of those (then `yaml` writes it).
 */
function blockMap(map: Record<string, unknown>, pad: string, scalars: ScalarCache): string | undefined {
  let out = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue; // `yaml` leaves an undefined member out
    if (!KEY.test(key) || WORDS.test(key)) return undefined; // `null: x` would be read as a null key
    const scalar = scalars.text(value, false);
    if (scalar !== undefined) {
      out += `${pad}${key}: ${scalar}\n`;
      continue;
    }
    const nested = blockValue(value, `${pad}  `, scalars);
    if (nested === undefined) return undefined;
    out += nested.startsWith(' ') ? `${pad}${key}:\n${nested}` : `${pad}${key}: ${nested}`;
  }
  return out;
}

/** A map or list below a key or list item at `pad`: its lines, or `[]\n` / `{}\n` when empty; undefined as above. */
function blockValue(value: unknown, pad: string, scalars: ScalarCache): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]\n' : blockSeq(value, pad, scalars);
  if (!isPlainObject(value)) return undefined;
  const body = blockMap(value, pad, scalars);
  return body === '' ? '{}\n' : body;
}

/** A block list's items at `pad` (`- ` then the item; a map's first pair on the dash's line), or undefined. */
function blockSeq(items: readonly unknown[], pad: string, scalars: ScalarCache): string | undefined {
  let out = '';
  for (const item of items) {
    const scalar = scalars.text(item, true);
    if (scalar !== undefined) {
      out += `${pad}- ${scalar}\n`;
      continue;
    }
    if (!isPlainObject(item)) return undefined; // a list in a list, null, undefined …: `yaml`'s
    const body = blockValue(item, `${pad}  `, scalars);
    if (body === undefined) return undefined;
    out += body === '{}\n' ? `${pad}- {}\n` : `${pad}- ${body.slice(pad.length + 2)}`;
  }
  return out;
}

/**
 * One vendor as an item of the `vendors:` list: laid out here when it holds only one-line strings, integers,
 * booleans, maps and lists (the usual import), else by `yaml` in the same context. The same bytes either way
 * (`test/unit/importers/emit.test.ts`).
 */
function vendorItem(vendor: unknown, scalars: ScalarCache): string {
  const fast = isPlainObject(vendor) ? blockSeq([vendor], '  ', scalars) : undefined;
  if (fast !== undefined) return fast;
  const piece = stringify({ vendors: [vendor] }, PIECE_OPTIONS);
  if (!piece.startsWith(VENDORS_KEY))
    throw new Error(`internal: a vendor was written as ${JSON.stringify(piece.slice(0, 20))}`);
  return piece.slice(VENDORS_KEY.length);
}

/** The inventory as YAML, piece by piece (lazily: each piece's node tree is garbage before the next is built). */
export function* inventoryYamlPieces(inventory: Inventory, perPiece = VENDORS_PER_PIECE): Generator<string> {
  let pieces = 0;
  const scalars = new ScalarCache();
  for (const [key, value] of Object.entries(inventory)) {
    if (value === undefined) continue; // as `yaml` leaves out an undefined member
    pieces++;
    if (key !== 'vendors' || !Array.isArray(value) || value.length === 0) {
      yield stringify({ [key]: value }, PIECE_OPTIONS);
      continue;
    }
    for (let at = 0; at < value.length; at += perPiece) {
      let piece = at === 0 ? VENDORS_KEY : '';
      for (let i = at; i < Math.min(at + perPiece, value.length); i++) piece += vendorItem(value[i], scalars);
      yield piece;
    }
  }
  if (pieces === 0) yield stringify(inventory, PIECE_OPTIONS); // nothing but undefined members: `{}`
}

/** Whether `JSON.stringify` leaves an object's member out (it writes `null` for the same value in an array). */
const leftOut = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** A value as `JSON.stringify(value, null, 2)` writes it where it stands `depth` levels in (`null` in a list). */
function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  // a JSON text holds line breaks only between its tokens (a string escapes its own): each gets the depth's indent
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/**
 * The inventory as JSON, in pieces that concatenate to `JSON.stringify(inventory, null, 2)` and a newline: every
 * top-level member on its own and `vendors` a slice at a time, so that the text of a large inventory is never one
 * string (`test/unit/importers/emit-json.test.ts` compares the bytes). JSON holds no comments: no header.
 */
export function* inventoryJsonPieces(inventory: Inventory, perPiece = VENDORS_PER_PIECE): Generator<string> {
  const members = Object.entries(inventory).filter(([, value]) => !leftOut(value));
  if (members.length === 0) {
    yield '{}\n';
    return;
  }
  for (let m = 0; m < members.length; m++) {
    const [key, value] = members[m];
    const open = `${m === 0 ? '{\n' : ''}  ${JSON.stringify(key)}: `;
    const close = m === members.length - 1 ? '\n}\n' : ',\n';
    if (key !== 'vendors' || !Array.isArray(value) || value.length === 0) {
      yield `${open}${indented(value, 1)}${close}`;
      continue;
    }
    for (let at = 0; at < value.length; at += perPiece) {
      let piece = at === 0 ? `${open}[\n` : '';
      const end = Math.min(at + perPiece, value.length);
      for (let i = at; i < end; i++) piece += `    ${indented(value[i], 2)}${i === value.length - 1 ? '\n' : ',\n'}`;
      if (end === value.length) piece += `  ]${close}`;
      yield piece;
    }
  }
}
