/** A list to write a piece per item: its key, and its items, made one at a time. */
export interface SplicedList {
  key: string;
  length: number;
  at(i: number): unknown;
}

/** Text JSON.stringify(…, null, 2) writes around a value `depth` lists deep, before and after it: d² + d each. */
function wrapLength(depth: number): number {
  return depth * depth + depth;
}

/**
 * A document as `JSON.stringify(doc, null, 2)` writes it, in pieces, some of its lists a piece per item, so a
 * document with millions of items is never one string. `text` is the document stringified with those lists empty;
 * each is the first `"key": []` after the list before it (a string cannot hold it: its quotes are escaped), and
 * each item is stringified inside as many lists as it stands deep, so that
 * JSON.stringify writes it at its final indentation, the lists' brackets cut off. The pieces join to the whole
 * document's text. Throws a RangeError when a list is not in `text`.
 */
export function* spliceLists(text: string, lists: readonly SplicedList[]): Generator<string> {
  let at = 0;
  for (const list of lists) {
    const empty = `"${list.key}": []`;
    const found = text.indexOf(empty, at);
    if (found < 0) throw new RangeError(`no empty list '${list.key}' to fill`);
    const indent = found - text.lastIndexOf('\n', found) - 1;
    const close = found + empty.length - 1; // the list's ']'
    yield text.slice(at, close);
    if (list.length > 0) {
      // the items stand one level deeper than the key: at depth indent / 2 + 1
      const depth = indent / 2 + 1;
      const cut = wrapLength(depth);
      for (let i = 0; i < list.length; i++) {
        let wrapped: unknown = list.at(i);
        for (let d = 0; d < depth; d++) wrapped = [wrapped];
        const json = JSON.stringify(wrapped, null, 2);
        yield `${i === 0 ? '' : ','}\n${json.slice(cut, json.length - cut)}`;
      }
      yield `\n${' '.repeat(indent)}`;
    }
    at = close;
  }
  yield text.slice(at);
}

/**
 * The last piece of a JSON object's text as JSON.stringify(…, null, 2) writes it (the report writers' `\n}\n`), with
 * one more member before the object's end, written as that layout writes a top-level member. Throws a RangeError when
 * the piece is not the end of an object.
 */
export function lastPiece(piece: string | undefined, key: string, value: unknown): string {
  const END = '\n}\n';
  if (piece === undefined || !piece.endsWith(END)) throw new RangeError('not the end of a JSON object with members');
  const member = JSON.stringify({ [key]: value }, null, 2).slice(1, -2); // '\n  "key": value'
  return `${piece.slice(0, -END.length)},${member}${END}`;
}
