import type { Finding } from '../../engine/types.js';
import { ReportCompactor } from '../compact.js';
import { type FindingList, type ItemList, pendingFindings, pendingVendors } from '../items.js';
import type { Report, ReportFinding, ReportVendor } from '../types.js';

/**
 * A finding as the JSON report writes it (schema 2.0.0): its rule's references and remediation are
 * not repeated on every finding but given once in the report's `rules[]`, found by `ruleId` (as SARIF
 * does with `tool.driver.rules` and `result.ruleId`). Same keys in the same order otherwise.
 */
export function reportFinding(f: Finding): ReportFinding {
  const { references: _references, remediation: _remediation, ...rest } = f;
  return rest;
}

/** A `findings` item as serialised: a finding in its 2.0.0 form (anything else is left as it is). */
function serialFinding(f: unknown): unknown {
  return f !== null && typeof f === 'object' && !Array.isArray(f) ? reportFinding(f as Finding) : f;
}

/** `findings` as serialised (for one piece at a time: the copies die young, never all 100k at once). */
function serialFindings(value: unknown): unknown {
  return Array.isArray(value) ? value.map(serialFinding) : value;
}

/**
 * The versioned JSON report (schemas/report.schema.json). Deterministic for the same inputs and --as-of.
 * Indented by two spaces, except the items of `vendors` and `findings`, written one compact item per line
 * (schema 2.0.0): still one finding per line to read, grep or diff, without the indentation that made up a
 * third of a large report. Each item omits what the report says elsewhere (schema 3.0.0, compact.ts).
 */
export function formatJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * A parsed JSON report (of any schema) written in the report's layout as it is, nothing omitted: for a document
 * that already is a report, such as a written report once signed.
 */
export function formatJsonDocument(doc: Record<string, unknown>): string {
  return [...jsonDocumentChunks(doc)].join('');
}

/** formatJsonDocument's text in pieces, as jsonChunks cuts them. */
export function jsonDocumentChunks(doc: Record<string, unknown>): Generator<string> {
  return chunks(doc as unknown as Report, false);
}

/** Top-level arrays written one compact item per line. */
const ONE_PER_LINE = new Set(['vendors', 'findings']);

/**
 * The report text in small pieces: a 100k-vendor report is never one string, and the writer encodes and
 * writes it as it comes. Each top-level entry is stringified inside a one-key wrapper object so that
 * JSON.stringify itself writes it at its final indentation (same escaping, same omission of undefined);
 * only the wrapper's braces are cut off. `vendors` and `findings` are written one compact item per line, an
 * item per piece; when buildReport made the report, their items are made as they are written
 * (items.ts), never all held at once. Pieces end between JSON tokens, so never inside a surrogate pair.
 */
export function jsonChunks(report: Report): Generator<string> {
  return chunks(report, true);
}

/**
 * A piece of the JSON report's text (`text`), and what it writes, for a reader that wants the values rather than the
 * text (the signer, src/sign/sign.ts): a whole top-level member (`member`), an item of a list written an item per
 * piece (`item`, the list's items in order), or the end of such a list after `count` items (`list`).
 */
export type JsonPart =
  | { text: string; kind?: undefined }
  | { text: string; kind: 'member' | 'item'; key: string; value: unknown }
  | { text: string; kind: 'list'; key: string; count: number };

/** jsonChunks' pieces with the values they write. */
export function jsonParts(report: Report): Generator<JsonPart> {
  return parts(report, true);
}

function* chunks(report: Report, compact: boolean): Generator<string> {
  for (const part of parts(report, compact)) yield part.text;
}

function* parts(report: Report, compact: boolean): Generator<JsonPart> {
  // compact items (schema 3.0.0): the compactor sees the vendors before the findings, as they are written
  const compactor = compact ? new ReportCompactor(report.rules, report.inputs) : undefined;
  const vendorOf = (v: unknown) => (compactor ? compactor.vendor(v as ReportVendor) : v);
  const findingOf = (f: unknown) => (compactor ? compactor.finding(f as Finding) : serialFinding(f));
  let first = true;
  for (const key of Object.keys(report)) {
    const open = first ? '{' : ',';
    // the items and what each is written as: one per line
    let list: ItemList<unknown>;
    let item: (list: ItemList<unknown>, i: number) => unknown;
    const vendors = key === 'vendors' ? pendingVendors(report) : undefined;
    const findings = key === 'findings' ? pendingFindings(report) : undefined;
    if (vendors?.length) {
      // buildReport's vendors are made straight in their compact form
      const { compactAt } = vendors;
      const made = compactor && compactAt ? compactor : undefined;
      [list, item] = [
        vendors,
        made && compactAt ? (_, i) => compactAt.call(vendors, i, made) : (items, i) => vendorOf(items.at(i)),
      ];
    } else if (findings?.length) [list, item] = [findings, (_, i) => findingValue(findings, i, compactor)];
    else {
      const value = vendors || findings ? [] : (report as unknown as Record<string, unknown>)[key];
      if (!ONE_PER_LINE.has(key) || !Array.isArray(value) || value.length === 0) {
        const written = key === 'findings' ? serialFindings(value) : value;
        const text = JSON.stringify({ [key]: written }, null, 2);
        if (text === '{}') continue; // undefined, functions: omitted, as JSON.stringify does
        first = false;
        // '{\n  "key": value\n}' → '\n  "key": value'
        yield { text: open + text.slice(1, -2), kind: 'member', key, value: written };
        if (key === 'vendors' && compactor) yield providersPart(compactor);
        continue;
      }
      list = { length: value.length, at: (i) => value[i] };
      const serial = key === 'findings' ? findingOf : vendorOf;
      item = (items, i) => serial(items.at(i));
    }
    first = false;
    // an item per piece, with the line break before it: pieces are never joined into a larger string,
    // which the writer would only copy once more to encode it
    const head = `${open}\n  ${JSON.stringify(key)}: [\n    `;
    for (let i = 0; i < list.length; i++) {
      const value = item(list, i);
      // as JSON.stringify writes an array item (`null` for undefined and functions)
      const json = JSON.stringify(value) ?? 'null';
      yield { text: i === 0 ? head + json : `,\n    ${json}`, kind: 'item', key, value };
    }
    yield { text: '\n  ]', kind: 'list', key, count: list.length };
    if (key === 'vendors' && compactor) yield providersPart(compactor);
  }
  yield { text: first ? '{}\n' : '\n}\n' };
}

/** The top-level `providers` (schema 3.0.0), right after `vendors` whose services made it. */
function providersPart(compactor: ReportCompactor): JsonPart {
  const value = compactor.providers();
  return {
    text: `,${JSON.stringify({ providers: value }, null, 2).slice(1, -2)}`,
    kind: 'member',
    key: 'providers',
    value,
  };
}

/**
 * A report finding as written, from its parts (items.ts): the compactor makes its one copy with `catalogFacts` in
 * place; in the 2.0.0 form, its copy without references and remediation is the one `catalogFacts` are set on (in
 * their place if the finding has the key, else last, as `{ ...finding, catalogFacts }` puts them).
 */
function findingValue(list: FindingList, i: number, compactor: ReportCompactor | undefined): unknown {
  const { finding, catalogFacts } = list.parts(i);
  if (compactor) return compactor.finding(finding, catalogFacts);
  const out = reportFinding(finding);
  if (catalogFacts !== undefined) out.catalogFacts = catalogFacts;
  return out;
}
