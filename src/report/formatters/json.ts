import type { Report } from '../types.js';

/** The versioned JSON report (schemas/report.schema.json). Deterministic for the same inputs and --as-of. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Items of a top-level array stringified per piece: ~60k characters, small enough for V8's young
 * generation (a piece of 2,000 findings went to large-object space and piled up until a full GC:
 * 50 instead of 2,000 took the 100k run's peak RSS from 1.20 to 1.15 GiB at the same speed).
 */
const BATCH = 50;

/**
 * The same text as formatJson, produced in small pieces: a 100k-vendor report (~284 MB)
 * is never one string, and the writer encodes and writes it as it comes. Each top-level entry, and
 * each batch of a top-level array's items, is stringified inside a one-key wrapper object so that
 * JSON.stringify itself writes it at its final indentation (same escaping, same omission of
 * undefined, same `null` for undefined array items); only the wrapper's braces are cut off. Pieces
 * end between JSON tokens, so never inside a surrogate pair.
 */
export function* jsonChunks(report: Report): Generator<string> {
  let first = true;
  for (const key of Object.keys(report)) {
    const value = (report as unknown as Record<string, unknown>)[key];
    const open = first ? '{' : ',';
    if (!Array.isArray(value) || value.length <= BATCH) {
      const text = JSON.stringify({ [key]: value }, null, 2);
      if (text === '{}') continue; // undefined, functions: omitted, as JSON.stringify does
      first = false;
      yield open + text.slice(1, -2); // '{\n  "key": value\n}' → '\n  "key": value'
      continue;
    }
    first = false;
    const head = `{\n  ${JSON.stringify(key)}: [`;
    for (let i = 0; i < value.length; i += BATCH) {
      const text = JSON.stringify({ [key]: value.slice(i, i + BATCH) }, null, 2);
      // '{\n  "key": [\n    a,\n    b\n  ]\n}' → '\n    a,\n    b'
      const items = text.slice(head.length, -6);
      yield i === 0 ? `${open}\n  ${JSON.stringify(key)}: [${items}` : `,${items}`;
    }
    yield '\n  ]';
  }
  yield first ? '{}\n' : '\n}\n';
}
