import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { escapePointerToken, pointerToPath } from '../parse/pointer.js';
import { didYouMean } from '../util/suggest.js';

/** `/vendors/0/services/1/provider` → `vendors[0].services[1].provider`. */
export function displayPath(pointer: string): string {
  const parts = pointerToPath(pointer);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || '(document root)';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of pointerToPath(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node as object, String(part)) ? (node as Record<string, unknown>)[String(part)] : undefined;
  }
  return node;
}

const RANK: Record<string, number> = {
  additionalProperties: 0,
  unevaluatedProperties: 0,
  required: 1,
  type: 2,
  const: 3,
  enum: 3,
  pattern: 4,
  format: 4,
  minimum: 5,
  maximum: 5,
  exclusiveMinimum: 5,
  minLength: 5,
  maxLength: 5,
  minItems: 5,
  uniqueItems: 5,
};

/**
 * Turn ajv's error cascade into one precise, located diagnostic per mistake:
 * combinator noise (`if`, `anyOf`, `$ref`) is dropped, errors at one place are reduced to the most
 * specific, unknown keys point at the key and suggest the closest known one.
 */
export function ajvToDiagnostics(
  errors: readonly ErrorObject[],
  doc: Pick<ParsedDocument, 'file' | 'locate' | 'data'>,
  code = 'E_SCHEMA',
): Diagnostic[] {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'allOf') continue;
    let place = e.instancePath;
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const key =
        (e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ??
        (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
      place = `${e.instancePath}/${escapePointerToken(key ?? '')}#key`;
    } else if (e.keyword === 'required') {
      place = `${e.instancePath}#required:${(e.params as { missingProperty: string }).missingProperty}`;
    }
    const list = byPlace.get(place) ?? [];
    list.push(e);
    byPlace.set(place, list);
  }
  // A type error at a place makes pattern/enum errors at the same place redundant; keep the best-ranked.
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const [place, list] of byPlace) {
    list.sort((a, b) => (RANK[a.keyword] ?? 9) - (RANK[b.keyword] ?? 9));
    const e = list[0];
    if (seen.has(place)) continue;
    seen.add(place);
    out.push(toDiagnostic(e, doc, code, list));
  }
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return out;
}

function toDiagnostic(
  e: ErrorObject,
  doc: Pick<ParsedDocument, 'file' | 'locate' | 'data'>,
  code: string,
  siblings: ErrorObject[],
): Diagnostic {
  const where = displayPath(e.instancePath);
  const value = valueAt(doc.data, e.instancePath);
  const schema = e.parentSchema as { description?: string } | undefined;
  let pointer = e.instancePath;
  let key = false;
  let message: string;
  let expected: string | undefined;
  let hint: string | undefined;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const prop =
        (e.params as { additionalProperty?: string }).additionalProperty ??
        (e.params as { unevaluatedProperty?: string }).unevaluatedProperty ??
        '';
      pointer = `${e.instancePath}/${escapePointerToken(prop)}`;
      key = true;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const suggestion = didYouMean(prop, known);
      message = `unknown property '${prop}' in ${where}`;
      expected = known.length > 0 ? `one of ${known.join(', ')}` : undefined;
      hint = suggestion ? `Did you mean '${suggestion}'?` : 'Remove it, or check the spelling against the schema';
      break;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      message = `${where} is missing required property '${missing}'`;
      hint = `Add '${missing}:' to this entry`;
      break;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      message = `${where} has ${describeValue(value)}, which is not allowed`;
      expected = `one of ${allowed.join(', ')}`;
      hint = suggestion ? `Did you mean '${suggestion}'?` : undefined;
      break;
    }
    case 'const': {
      const allowed = String((e.params as { allowedValue: unknown }).allowedValue);
      message = `${where} has ${describeValue(value)}`;
      expected = `'${allowed}'`;
      break;
    }
    case 'type': {
      const types = siblings
        .filter((s) => s.keyword === 'type')
        .map((s) => String((s.params as { type: string | string[] }).type));
      message = `${where} is ${describeValue(value)}`;
      expected = `${types.join(' or ').replace(/,/g, ' or ')}`;
      break;
    }
    case 'pattern': {
      message = `${where} has ${describeValue(value)}, which has the wrong form`;
      expected = schema?.description ?? `a value matching ${(e.params as { pattern: string }).pattern}`;
      if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test((e.params as { pattern: string }).pattern))
        expected = 'a date as YYYY-MM-DD';
      if (/A-Z\]\{2\}/.test((e.params as { pattern: string }).pattern)) {
        expected = 'an ISO 3166-1 alpha-2 country code such as US, CN, HK';
        if (typeof value === 'string' && /^[a-z]{2}$/.test(value)) hint = `Did you mean '${value.toUpperCase()}'?`;
      }
      if (/\[a-z0-9\]\+\(-/.test((e.params as { pattern: string }).pattern) && typeof value === 'string') {
        expected = 'a kebab-case id (lower-case letters, digits and single hyphens)';
        hint = `Try '${value
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}'`;
      }
      break;
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      message = `${where} has ${describeValue(value)}, which is not a valid ${format}`;
      expected = format === 'date' ? 'a real calendar date as YYYY-MM-DD' : `a ${format}`;
      break;
    }
    default: {
      message = `${where} ${e.message ?? 'is invalid'}`;
    }
  }
  const position = doc.locate(pointer, key) ?? doc.locate(e.instancePath) ?? { line: 1, column: 1 };
  return { code, severity: 'error', message, file: doc.file, ...position, pointer, expected, hint };
}
