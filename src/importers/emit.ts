/**
 * The inventory YAML that `residency import` writes, in pieces. Pure.
 *
 * `yaml`'s `stringify` of a whole 100k-vendor inventory builds one node tree for all of it (about a GiB live at
 * once). Here every top-level member is stringified on its own and `vendors` in slices of `VENDORS_PER_PIECE`, each
 * slice as `{ vendors: slice }` so its items are written in exactly the context (indentation, key position) they
 * have in the whole document; the `vendors:` line of every slice after the first is dropped. A block collection
 * joins its items and a document ends with one newline whatever its items hold (no comments here), so the pieces
 * concatenate to the bytes of `stringify(inventory, YAML_OPTIONS)` (a property test compares them).
 */
import { stringify } from 'yaml';
import type { Inventory } from '../model/types.js';

/** How the inventory is written: no line folding, no anchors for repeated objects. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * `directives: false` only skips `yaml`'s walk of the whole node tree looking for tags to declare: a plain
 * value has none and declares no `%YAML`, so the text is the same.
 */
const PIECE_OPTIONS = { ...YAML_OPTIONS, directives: false } as const;

export const VENDORS_PER_PIECE = 256;

const VENDORS_KEY = 'vendors:\n';

/** The inventory as YAML, piece by piece (lazily: each piece's node tree is garbage before the next is built). */
export function* inventoryYamlPieces(inventory: Inventory, perPiece = VENDORS_PER_PIECE): Generator<string> {
  let pieces = 0;
  for (const [key, value] of Object.entries(inventory)) {
    if (value === undefined) continue; // as `yaml` leaves out an undefined member
    pieces++;
    if (key !== 'vendors' || !Array.isArray(value) || value.length <= perPiece) {
      yield stringify({ [key]: value }, PIECE_OPTIONS);
      continue;
    }
    for (let at = 0; at < value.length; at += perPiece) {
      const piece = stringify({ vendors: value.slice(at, at + perPiece) }, PIECE_OPTIONS);
      if (at === 0) yield piece;
      else if (piece.startsWith(VENDORS_KEY)) yield piece.slice(VENDORS_KEY.length);
      else throw new Error(`internal: a slice of vendors was written as ${JSON.stringify(piece.slice(0, 20))}`);
    }
  }
  if (pieces === 0) yield stringify(inventory, PIECE_OPTIONS); // nothing but undefined members: `{}`
}
