import { createHash } from 'node:crypto';
import { type Document, isAlias, isCollection, isNode, isPair, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { type JsonPositionIndex, jsonPositionIndex } from './json-positions.js';
import { type JsonScan, scanJson, type TargetStarts } from './json-scan.js';
import { LineIndex, type LocateWork, positionFrom } from './line-index.js';
import { pathToPointer, pointerToPath } from './pointer.js';
import { StringEnds } from './string-ends.js';

export type DocumentFormat = 'yaml' | 'json';

export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML or JSON document that remembers where each value came from. */
export interface ParsedDocument {
  /** Path as given by the user (display form). */
  file: string;
  format: DocumentFormat;
  data: unknown;
  sha256: string;
  /**
   * 1-based line and column of the value at a JSON pointer (or of its key when `key` is true). After `release`,
   * only the pointers `locateTarget` answers (`/vendors/N`, `/vendors/N/services/M`) are located.
   */
  locate(pointer: string, key?: boolean): Position | undefined;
  /**
   * Where `/vendors/{vendor}` (or `/vendors/{vendor}/services/{service}`) starts: the same as `locate` gives for
   * that pointer, without building or parsing the pointer. Also after `release`.
   */
  locateTarget?(vendor: number, service?: number): Position | undefined;
  /**
   * Drop what only `locate` needs beyond the vendors' and services' own positions: the text of a JSON document,
   * the largest thing it holds besides its data. For a caller that locates nothing else afterwards. Returns the
   * bytes of heap that frees (the text's), 0 when already released.
   */
  release?(): number;
  /**
   * Drop the text early, when what `locate` needs of it can be read again a piece at a time from its input
   * (`TextSource`): vendors and services are located as before, a pointer inside a vendor from that vendor's own
   * piece of the input, any other pointer from the whole text made again. Returns the bytes of heap that frees (0 when
   * the text is kept: no source, or already dropped). `release` afterwards frees the source and reports nothing more.
   */
  shelve?(): number;
}

/**
 * The document's text from `start` to `end` (UTF-16 code units, without a byte-order mark), read again from where
 * the text came from (the file's bytes, found through where its vendors start); undefined when that is no longer
 * possible (the file changed since it was read). A pointer is then located no deeper than its vendor or service.
 */
export type TextSource = (start: number, end: number) => string | undefined;

export interface ParseOptions {
  /** Force a format instead of detecting it from the extension and content. */
  format?: DocumentFormat;
  /** Maximum number of alias resolutions in YAML (protects against "billion laughs"). */
  maxAliasCount?: number;
  /** Maximum nesting depth of the document. */
  maxDepth?: number;
  /** Counts the characters and lines `locate` examines (tests prove it does not depend on size or layout). */
  work?: LocateWork;
}

export const DEFAULT_MAX_DEPTH = 256;

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function detectFormat(file: string, text: string): DocumentFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = text.match(/^\s*(\S)/);
  return first && (first[1] === '{' || first[1] === '[') ? 'json' : 'yaml';
}

/** The text without a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse text into a located document. Throws ResidencyError (code E_PARSE, E_EMPTY, E_DEPTH)
 * with a located diagnostic; never anything else.
 */
export function parseText(text: string, file: string, options: ParseOptions = {}): ParsedDocument {
  const digest = sha256(text);
  const body = stripBom(text);
  if (body.trim() === '') {
    throw new ResidencyError('E_EMPTY', `${file}: the file is empty`, [
      {
        code: 'E_EMPTY',
        severity: 'error',
        message: 'the file is empty',
        file,
        line: 1,
        column: 1,
        expected: 'a YAML or JSON document',
        hint: 'Give a non-empty inventory file, or remove it from the command line',
      },
    ]);
  }
  const format = options.format ?? detectFormat(file, body);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (format === 'json') return parseJson(body, file, digest, maxDepth, options.work);
  const depthError = checkDepth(body, maxDepth, file);
  if (depthError) throw depthError;
  return parseYaml(body, file, digest, options);
}

/**
 * Cheap structural depth check that runs before any parser, so a 100,000-level document is refused
 * in linear time instead of overflowing a recursive parser's stack.
 */
function checkDepth(text: string, maxDepth: number, file: string): ResidencyError | undefined {
  let depth = 0;
  const strings = new StringEnds(text);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // skip the string body: it ends at an unescaped quote, or (YAML recovery) at a newline
      const end = strings.end(i + 1);
      if (end === -1) return undefined; // unterminated string runs to the end
      i = end; // at the closing quote or the newline
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) {
        const lineIndex = new LineIndex(text);
        return depthError(file, maxDepth, lineIndex.position(i));
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth = Math.max(0, depth - 1);
    else if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      // YAML comment: skip to end of line (a '#' inside JSON only appears inside strings)
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl;
    }
  }
  return undefined;
}

function depthError(file: string, maxDepth: number, pos: Position): ResidencyError {
  return new ResidencyError('E_DEPTH', `${file}: nesting deeper than ${maxDepth} levels`, [
    {
      code: 'E_DEPTH',
      severity: 'error',
      message: `the document nests deeper than ${maxDepth} levels`,
      file,
      ...pos,
      expected: `at most ${maxDepth} levels of nested lists or maps`,
      hint: 'An inventory never needs this depth; check the file was generated correctly',
    },
  ]);
}

/**
 * Depth of parsed data, walked iteratively (block-style YAML such as `- - - -` or indented maps is
 * not seen by the bracket count). Returns the JSON pointer of the first value nested too deep.
 */
function findTooDeep(data: unknown, maxDepth: number): string | undefined {
  type Entry = { value: unknown; depth: number; parent?: Entry; key?: string };
  const stack: Entry[] = [{ value: data, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const { value, depth } = entry;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > maxDepth) {
      const keys: string[] = [];
      for (let e: Entry | undefined = entry; e?.key !== undefined; e = e.parent) keys.push(e.key);
      return pathToPointer(keys.reverse());
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, depth: depth + 1, parent: entry, key });
    }
  }
  return undefined;
}

/**
 * JSON: one pre-parse pass (json-scan.ts) checks the depth (same rules as checkDepth, before
 * JSON.parse can overflow), finds the first repeated key (JSON.parse keeps the last one silently;
 * an inventory with `"id"` twice is almost certainly a mistake) and records where every vendor and
 * service starts, so locating a finding costs O(1).
 */
function parseJson(text: string, file: string, digest: string, maxDepth: number, work?: LocateWork): ParsedDocument {
  const scan = scanJson(text, maxDepth);
  if (scan.tooDeep >= 0) throw depthError(file, maxDepth, new LineIndex(text).position(scan.tooDeep));
  return assembleJson(text, file, { scan, sha256: digest, maxDepth }, parseJsonData(text), work);
}

/** What the pre-parse pass gives: its scan, and the digest of the text (both can come from a worker). */
export interface JsonPrescan {
  scan: JsonScan;
  sha256: string;
  maxDepth: number;
}

export type JsonData = { ok: true; data: unknown } | { ok: false; error: unknown };

/** `JSON.parse`, keeping a syntax error to report after the depth check. Safe on any nesting depth (V8's parser is iterative). */
export function parseJsonData(text: string): JsonData {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The located JSON document from its text (BOM already removed), the pre-parse scan of that same
 * text and the result of parsing it, with the errors in the same order as a sequential parse: too
 * deep, then syntax, then a repeated key.
 */
export function assembleJson(
  text: string,
  file: string,
  prescan: JsonPrescan,
  parsed: JsonData,
  work?: LocateWork,
  source?: TextSource,
): ParsedDocument {
  const { scan, sha256: digest, maxDepth } = prescan;
  if (scan.tooDeep >= 0) throw depthError(file, maxDepth, new LineIndex(text).position(scan.tooDeep));
  if (!parsed.ok) throw jsonSyntaxError(text, file, parsed.error);
  const data = parsed.data;
  const duplicate = scan.duplicate;
  if (duplicate) {
    const lines = new LineIndex(text);
    throw new ResidencyError('E_DUPLICATE_KEY', `${file}: duplicate key '${duplicate.key}'`, [
      {
        code: 'E_DUPLICATE_KEY',
        severity: 'error',
        message: `duplicate key '${duplicate.key}'`,
        file,
        ...lines.position(duplicate.offset),
        hint: YAML_HINTS.DUPLICATE_KEY,
      },
    ]);
  }
  return new JsonDocument(file, data, digest, text, scan, work, source);
}

/**
 * A parsed JSON document. Vendors and services are located from the pre-parse scan's start arrays (O(1), no
 * text); any other pointer from the text, which `release` drops. With a `TextSource`, `shelve` drops the text
 * earlier: a pointer inside a vendor is then found in that vendor's own piece of the input, read again from the
 * source (the same offsets, so the same position), and any other pointer makes the whole text again.
 */
class JsonDocument implements ParsedDocument {
  readonly format: DocumentFormat = 'json';
  #text: string | undefined;
  readonly #length: number;
  readonly #ends: Map<number, number>;
  readonly #targets: TargetStarts | undefined;
  readonly #work: LocateWork | undefined;
  #index: JsonPositionIndex | undefined;
  #lines: LineIndex | undefined;
  #source: TextSource | undefined;
  /** Whether `shelve` dropped the text (and reported its bytes: `release` then reports none). */
  #shelved = false;
  /** The last vendor's piece read from the source, indexed (a vendor's warnings come together). */
  #piece: (Scope & { vendor: number }) | undefined;
  /** The last position found inside a vendor: its offset in the scope it was found in (`base`), line and column. */
  #last: { vendor: number; base: number; offset: number; line: number; column: number } | undefined;
  /** The lines of the last vendor a pointer was far inside, indexed (`start`: where it starts in its scope). */
  #far: { vendor: number; base: number; start: number; lines: LineIndex } | undefined;

  constructor(
    readonly file: string,
    readonly data: unknown,
    readonly sha256: string,
    text: string,
    scan: JsonScan,
    work: LocateWork | undefined,
    source: TextSource | undefined,
  ) {
    this.#text = text;
    this.#length = text.length;
    this.#ends = scan.ends;
    this.#targets = scan.vendors;
    this.#work = work;
    this.#source = source;
  }

  readonly shelve = (): number => {
    const text = this.#text;
    if (text === undefined || this.#source === undefined || this.#targets === undefined) return 0;
    this.#text = undefined;
    this.#index = undefined;
    this.#lines = undefined;
    this.#last = undefined;
    this.#far = undefined;
    this.#shelved = true;
    return textBytes(text);
  };

  readonly release = (): number => {
    const text = this.#text;
    this.#text = undefined;
    this.#index = undefined;
    this.#lines = undefined;
    this.#source = undefined;
    this.#piece = undefined;
    this.#last = undefined;
    this.#far = undefined;
    // a text made again after `shelve` was not in the heap `shelve`'s bytes were counted from
    return text === undefined || this.#shelved ? 0 : textBytes(text);
  };

  /** The whole text: held, or made again from the source after `shelve` (undefined after `release`). */
  #wholeText(): string | undefined {
    if (this.#text === undefined && this.#source !== undefined) this.#text = this.#source(0, this.#length);
    return this.#text;
  }

  readonly locateTarget = (vendor: number, service?: number): Position | undefined => {
    const targets = this.#targets;
    if (!targets) {
      return this.#text === undefined
        ? undefined
        : this.locate(service === undefined ? `/vendors/${vendor}` : `/vendors/${vendor}/services/${service}`);
    }
    if (vendor >= targets.vendors) return undefined;
    if (service === undefined) return { line: targets.vendorLines[vendor], column: targets.vendorColumns[vendor] };
    const first = targets.serviceFirst[vendor];
    if (first < 0) {
      // no `services` array at this vendor: what locate would find deeper in its text
      return this.locate(`/vendors/${vendor}/services/${service}`);
    }
    if (service >= targets.serviceCounts[vendor]) return undefined;
    return { line: targets.serviceLines[first + service], column: targets.serviceColumns[first + service] };
  };

  readonly locate = (pointer: string, key = false): Position | undefined => {
    const path = pointerToPath(pointer);
    const targets = this.#targets;
    const work = this.#work;
    // /vendors/N and /vendors/N/services/M come straight from the scan (array items: key = value): offset,
    // line and column are array lookups, O(1) on one-line and pretty-printed text alike
    if (targets && path.length >= 2 && path[0] === 'vendors' && typeof path[1] === 'number') {
      const v = path[1];
      if (v >= targets.vendors) return undefined;
      let start = targets.vendorOffsets[v];
      let line = targets.vendorLines[v];
      let column = targets.vendorColumns[v];
      let from = 2;
      const first = targets.serviceFirst[v];
      if (first >= 0 && path.length >= 4 && path[2] === 'services' && typeof path[3] === 'number') {
        if (path[3] >= targets.serviceCounts[v]) return undefined;
        const s = first + path[3];
        start = targets.serviceOffsets[s];
        line = targets.serviceLines[s];
        column = targets.serviceColumns[s];
        from = 4;
      }
      if (from === path.length) return { line, column };
      // deeper: scan only this vendor's or service's text, and count lines from its start (in the vendor's piece
      // of the input once shelved: the same offsets less the piece's start)
      const scope = this.#scopeOf(targets, v);
      if (!scope) return undefined;
      const at = start - scope.base;
      const offset = scope.index.offsetFrom(path, from, at, key);
      if (offset === undefined) return undefined;
      // from the vendor's or service's start, or from the last position found in this vendor when it lies between
      // (a vendor's pointers mostly come in order: counting each from the start cost pointers × the vendor's length)
      const last = this.#last;
      const known =
        last !== undefined &&
        last.vendor === v &&
        last.base === scope.base &&
        last.offset >= at &&
        last.offset <= offset
          ? last
          : { offset: at, line, column };
      const position =
        offset - known.offset <= NEAR_IN_VENDOR
          ? positionFrom(scope.text, known.offset, known.line, known.column, offset, work)
          : this.#farPosition(scope, targets, v, offset);
      this.#last = { vendor: v, base: scope.base, offset, ...position };
      return position;
    }
    const text = this.#wholeText();
    if (text === undefined) return undefined;
    this.#index ??= jsonPositionIndex(text, this.#ends, work);
    const offset = this.#index.offset(pointer, key);
    if (offset === undefined) return undefined;
    // close after a vendor's or service's start, or the text's (the organisation before or after the vendors):
    // count lines from there; far from any (a document without vendors) from an index of every line, built once
    const near = (targets && nearestStart(targets, offset)) || { start: 0, line: 1, column: 1 };
    if (offset - near.start <= NEAR_START) return positionFrom(text, near.start, near.line, near.column, offset, work);
    this.#lines ??= new LineIndex(text, work);
    return this.#lines.position(offset);
  };

  /**
   * The position of `offset` from an index of the lines of its vendor, made once for the vendor (from its text, or its
   * piece once shelved): for a pointer far from anything known inside one large vendor (one of 50,000 owners or data
   * sets). The index covers the vendor only, never the whole text.
   */
  #farPosition(scope: Scope, targets: TargetStarts, v: number, offset: number): Position {
    let far = this.#far;
    if (far === undefined || far.vendor !== v || far.base !== scope.base) {
      // in the vendor's own piece once shelved (base: the vendor's start), in the whole text else
      const start = targets.vendorOffsets[v] - scope.base;
      const end = this.#vendorEnd(targets, v) - scope.base;
      if (this.#work) this.#work.chars += end - start;
      far = { vendor: v, base: scope.base, start, lines: new LineIndex(scope.text.slice(start, end), this.#work) };
      this.#far = far;
    }
    const p = far.lines.position(offset - far.start);
    // the vendor's first line goes on from the column the vendor starts at
    const line = targets.vendorLines[v];
    return p.line === 1
      ? { line, column: targets.vendorColumns[v] + p.column - 1 }
      : { line: line + p.line - 1, column: p.column };
  }

  /** Where vendor `v`'s text ends in the document: at the next vendor's start, or the end of `/vendors`. */
  #vendorEnd(targets: TargetStarts, v: number): number {
    return v + 1 < targets.vendors
      ? targets.vendorOffsets[v + 1]
      : containerEnd(this.#ends, targets.vendorOffsets[v], this.#length);
  }

  /**
   * The text to look inside vendor `v` in, indexed, and the offset in the document where it starts: the whole text
   * while it is held; once shelved, the vendor's piece of the input, from its start to the next vendor's (or the end
   * of `/vendors`), read again from the source. Undefined when neither can be had.
   */
  #scopeOf(targets: TargetStarts, v: number): Scope | undefined {
    const text = this.#text;
    if (text !== undefined) {
      this.#index ??= jsonPositionIndex(text, this.#ends, this.#work);
      return { text, index: this.#index, base: 0 };
    }
    const source = this.#source;
    if (source === undefined) return undefined;
    if (this.#piece?.vendor === v) return this.#piece;
    const start = targets.vendorOffsets[v];
    const end = this.#vendorEnd(targets, v);
    const piece = source(start, end);
    if (piece === undefined) return undefined;
    if (this.#work) this.#work.chars += end - start;
    this.#piece = { vendor: v, text: piece, index: jsonPositionIndex(piece, undefined, this.#work), base: start };
    return this.#piece;
  }
}

/** A text to look for a pointer in, indexed, and the offset in the document's text where it starts. */
interface Scope {
  text: string;
  index: JsonPositionIndex;
  base: number;
}

/** Heap bytes of a text: V8 keeps one with no character above U+00FF in one byte a character, any other in two. */
function textBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? text.length * 2 : text.length;
}

/**
 * The end of the innermost recorded container (the root or one of its children: the `vendors` array) holding
 * `offset`, or `fallback`.
 */
function containerEnd(ends: Map<number, number>, offset: number, fallback: number): number {
  let best = fallback;
  let bestStart = -1;
  for (const [start, end] of ends)
    if (start < offset && end > offset && start > bestStart) [best, bestStart] = [end, start];
  return best;
}

/** Lines are counted from a known start at most this many characters before an offset (else from a line index). */
const NEAR_START = 64 * 1024;
/**
 * Inside a vendor, lines are counted from its start (or the last position found in it) at most this many characters
 * before an offset, else from an index of the vendor's lines. A vendor is about a kilobyte: this is for the rare
 * one of thousands of owners or data sets.
 */
const NEAR_IN_VENDOR = 4 * 1024;

/** The last vendor or service start at or before `offset`, undefined when there is none. */
function nearestStart(t: TargetStarts, offset: number): { start: number; line: number; column: number } | undefined {
  const v = lastAtOrBefore(t.vendorOffsets, offset);
  const s = lastAtOrBefore(t.serviceOffsets, offset);
  if (s >= 0 && (v < 0 || t.serviceOffsets[s] > t.vendorOffsets[v]))
    return { start: t.serviceOffsets[s], line: t.serviceLines[s], column: t.serviceColumns[s] };
  return v >= 0 ? { start: t.vendorOffsets[v], line: t.vendorLines[v], column: t.vendorColumns[v] } : undefined;
}

/** The index of the last item at or before `x` in an ascending array, or -1. */
function lastAtOrBefore(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function jsonSyntaxError(text: string, file: string, error: unknown): ResidencyError {
  const raw = error instanceof Error ? error.message : String(error);
  const lines = new LineIndex(text);
  let position: Position = { line: 1, column: 1 };
  const at = raw.match(/at position (\d+)/);
  const lc = raw.match(/line (\d+) column (\d+)/);
  if (lc) position = { line: Number(lc[1]), column: Number(lc[2]) };
  else if (at) position = lines.position(Number(at[1]));
  else if (/end of JSON input/i.test(raw)) position = lines.position(text.length);
  const message = raw.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/s, '');
  return new ResidencyError('E_PARSE', `${file}: invalid JSON: ${message}`, [
    {
      code: 'E_PARSE',
      severity: 'error',
      message: `invalid JSON: ${message}`,
      file,
      ...position,
      expected: 'well-formed JSON (RFC 8259)',
      hint: 'Fix the syntax at this position; a YAML file should have a .yaml extension',
    },
  ]);
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Each key may appear once per map; remove or rename the repeated key',
  BAD_ALIAS: 'Define the anchor (&name) before using the alias (*name)',
  ALIAS_PROPS: 'An alias cannot carry a tag or anchor',
  BAD_INDENT: 'Indent nested entries consistently with spaces',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation; use spaces',
  MISSING_CHAR: 'Close the quote, bracket or brace that was opened',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; check for a missing colon or quote',
  UNEXPECTED_TOKEN: 'Check the syntax near this position',
  TAG_RESOLVE_FAILED: 'Remove the tag; inventories use plain YAML values only',
};

/** One located error for a file indented with tabs, naming the lines (the YAML errors that follow are its echo). */
function tabIndentError(text: string, file: string): ResidencyError {
  const lines: number[] = [];
  let first = { line: 1, column: 1 };
  text.split('\n').forEach((line, i) => {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const tab = indent.indexOf('\t');
    if (tab === -1 || indent.length === line.trimEnd().length) return;
    if (lines.length === 0) first = { line: i + 1, column: tab + 1 };
    lines.push(i + 1);
  });
  const shown = lines.length > 8 ? `${lines.slice(0, 8).join(', ')} …` : lines.join(', ');
  const message = `invalid YAML: the file is indented with tabs (${lines.length} line(s): ${shown}); YAML allows only spaces for indentation`;
  return new ResidencyError('E_PARSE', `${file}: ${message}`, [
    {
      code: 'E_PARSE',
      severity: 'error',
      message,
      file,
      ...first,
      expected: 'spaces for indentation',
      hint: "Replace the leading tabs with spaces (e.g. `expand -i -t 2 FILE`, or your editor's 'convert indentation to spaces')",
    },
  ]);
}

function parseYaml(text: string, file: string, digest: string, options: ParseOptions): ParsedDocument {
  const lineCounter = new LineCounter();
  const maxAliasCount = options.maxAliasCount ?? 100;
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      schema: 'core',
      merge: false,
    });
  } catch (error) {
    throw new ResidencyError('E_PARSE', `${file}: invalid YAML: ${(error as Error).message}`, [
      {
        code: 'E_PARSE',
        severity: 'error',
        message: `invalid YAML: ${(error as Error).message}`,
        file,
        line: 1,
        column: 1,
      },
    ]);
  }
  const problems: Diagnostic[] = [];
  // Tab indentation makes every later line fail too: one error that says so, located at the first tab.
  if (doc.errors.some((e) => e.code === 'TAB_AS_INDENT')) throw tabIndentError(text, file);
  for (const e of doc.errors) problems.push(yamlDiagnostic(e, file, lineCounter, 'error', text));
  for (const w of doc.warnings) {
    // Unknown tags (e.g. !!js/function, !!python/object) are refused: an inventory is plain data.
    if (w.code === 'TAG_RESOLVE_FAILED') problems.push(yamlDiagnostic(w, file, lineCounter, 'error', text));
  }
  if (problems.length > 0) {
    const deep = problems.find((d) => d.code === 'E_DEPTH');
    throw new ResidencyError(deep ? 'E_DEPTH' : 'E_PARSE', `${file}: invalid YAML`, problems);
  }
  // A list or map used as a key (`? [a, b]`) has no JSON equivalent: toJS would stringify it and
  // print a Node warning; refuse it with its position instead.
  const shape = yamlShape(doc.contents);
  const collectionKey = shape.collectionKey;
  if (collectionKey !== undefined) {
    const p = lineCounter.linePos(collectionKey);
    throw new ResidencyError('E_PARSE', `${file}: a list or map used as a key`, [
      {
        code: 'E_PARSE',
        severity: 'error',
        message: 'invalid YAML: a list or map is used as a key',
        file,
        line: p.line,
        column: p.col,
        expected: 'plain string keys',
        hint: 'Keys must be plain strings; remove the `?` complex key',
      },
    ]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof RangeError)
      throw depthError(file, options.maxDepth ?? DEFAULT_MAX_DEPTH, { line: 1, column: 1 });
    const bomb = /alias/i.test(message);
    throw new ResidencyError('E_PARSE', `${file}: ${message}`, [
      {
        code: bomb ? 'E_ALIAS_LIMIT' : 'E_PARSE',
        severity: 'error',
        message: bomb ? `YAML aliases expand too much (${message})` : `invalid YAML: ${message}`,
        file,
        line: 1,
        column: 1,
        expected: bomb ? `at most ${maxAliasCount} alias expansions` : 'plain YAML data',
        hint: bomb ? 'Write the values out instead of repeating anchors (possible "billion laughs" input)' : undefined,
      },
    ]);
  }
  if (doc.contents && isNode(doc.contents) && doc.contents.tag && !doc.contents.tag.startsWith('tag:yaml.org,2002:')) {
    // a custom tag on the root value: refuse, as for nested ones
    throw new ResidencyError('E_PARSE', `${file}: unsupported tag ${doc.contents.tag}`);
  }
  // the data nests as the document's collections do, unless an alias repeats one deeper: walk the data only then,
  // or when the document itself is too deep (the walk finds the first pointer too deep, as it always did)
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const tooDeep = shape.aliases || shape.depth >= maxDepth ? findTooDeep(data, maxDepth) : undefined;
  if (tooDeep !== undefined) {
    const path = pointerToPath(tooDeep);
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const p = lineCounter.linePos(node?.range?.[0] ?? 0);
    throw depthError(file, options.maxDepth ?? DEFAULT_MAX_DEPTH, { line: p.line, column: p.col });
  }
  return new YamlDocument(file, data, digest, doc, lineCounter);
}

/** A parsed YAML document, located from its node tree (which it keeps: it has no `release`). */
class YamlDocument implements ParsedDocument {
  readonly format: DocumentFormat = 'yaml';
  readonly #doc: Document.Parsed;
  readonly #lineCounter: LineCounter;

  constructor(
    readonly file: string,
    readonly data: unknown,
    readonly sha256: string,
    doc: Document.Parsed,
    lineCounter: LineCounter,
  ) {
    this.#doc = doc;
    this.#lineCounter = lineCounter;
  }

  readonly locateTarget = (vendor: number, service?: number): Position | undefined =>
    this.locate(service === undefined ? `/vendors/${vendor}` : `/vendors/${vendor}/services/${service}`);

  readonly locate = (pointer: string, key = false): Position | undefined => {
    const doc = this.#doc;
    const lineCounter = this.#lineCounter;
    const at = (offset: number): Position => {
      const p = lineCounter.linePos(offset);
      return { line: p.line, column: p.col };
    };
    const path = pointerToPath(pointer);
    if (path.length === 0) {
      const range = doc.contents?.range;
      return at(range ? range[0] : 0);
    }
    if (key) {
      const parent = doc.getIn(path.slice(0, -1), true);
      const last = path[path.length - 1];
      const pair = findPair(parent, last);
      const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
      if (keyNode?.range) return at(keyNode.range[0]);
    }
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node && isNode(node) && node.range) return at(node.range[0]);
    // the value may be null (no node): fall back to its key
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = findPair(parent, path[path.length - 1]);
    const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
    return keyNode?.range ? at(keyNode.range[0]) : undefined;
  };
}

/** What one walk of a parsed YAML document's nodes tells before its data is made. */
interface YamlShape {
  /** The offset of the first map key that is a list or map, in document order (a pair's key before its value). */
  collectionKey?: number;
  /** The deepest list or map: 0 for the root, 1 for a list or map in it, …; -1 when there is none. */
  depth: number;
  /** Whether the document has an alias (its data can then nest deeper than its nodes). */
  aliases: boolean;
}

/**
 * One walk of the document's nodes: the first collection used as a key, the deepest collection and whether there is
 * an alias (the walk stops at the first collection key, which refuses the document). An explicit stack instead of
 * `yaml`'s `visit`, which copies the path to every node it passes (as much time as `toJS` on a 10k-vendor inventory).
 * With the core schema and no alias, a list or map becomes an array or object at the same depth and nothing else
 * becomes an object, so the data is too deep exactly when `depth` is: the walk of the data is then not needed.
 */
function yamlShape(root: unknown): YamlShape {
  const stack: unknown[] = [root];
  const depths: number[] = [0];
  let deepest = -1;
  let aliases = false;
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() as number;
    if (isPair(node)) {
      if (isCollection(node.key)) return { collectionKey: node.key.range?.[0] ?? 0, depth: deepest, aliases };
      // a pair is no level of its own: its value is at the depth of its map's items
      stack.push(node.value);
      depths.push(depth);
    } else if (isCollection(node)) {
      if (depth > deepest) deepest = depth;
      const items = node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        stack.push(items[i]);
        depths.push(depth + 1);
      }
    } else if (isAlias(node)) aliases = true;
  }
  return { depth: deepest, aliases };
}

function findPair(parent: unknown, key: string | number): { key: unknown; value: unknown } | undefined {
  const items = (parent as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const pair = item as { key?: unknown; value?: unknown };
    if (pair && typeof pair === 'object' && 'key' in pair) {
      const k = pair.key as { value?: unknown } | string | null;
      const value = k && typeof k === 'object' ? k.value : k;
      if (String(value) === String(key)) return pair as { key: unknown; value: unknown };
    }
  }
  return undefined;
}

function duplicateKeyName(text: string, offset: number): string {
  const m = /^\s*["']?([^"':\n]{1,80})/.exec(text.slice(offset, offset + 100));
  return m ? ` '${m[1].trim()}'` : '';
}

function yamlDiagnostic(
  e: YAMLError,
  file: string,
  lineCounter: LineCounter,
  severity: 'error' | 'warning',
  text: string,
): Diagnostic {
  const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
  const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (/call stack/i.test(first)) {
    // the YAML composer recursed too deep (block-style nesting such as `- - - -`)
    return { ...depthError(file, DEFAULT_MAX_DEPTH, { line: pos.line, column: pos.col }).diagnostics[0], severity };
  }
  return {
    code: e.code === 'DUPLICATE_KEY' ? 'E_DUPLICATE_KEY' : 'E_PARSE',
    severity,
    message: e.code === 'DUPLICATE_KEY' ? `duplicate key${duplicateKeyName(text, e.pos[0])}` : `invalid YAML: ${first}`,
    file,
    line: pos.line,
    column: pos.col,
    hint: YAML_HINTS[e.code],
  };
}
