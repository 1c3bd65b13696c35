/**
 * Terraform's JSON configuration syntax (`.tf.json`, `.tfvars.json`) → the same shape @cdktf/hcl2json
 * gives for `.tf` files, so one importer reads both. Pure.
 *
 * Terraform's JSON syntax lets an object repeat a property name (`"variable"` twice at the top level,
 * or one resource type in two `"resource"` objects): the repeats are merged, not refused. Anything that
 * is not JSON is a located error (E_PARSE).
 */
import { importError, positionOf } from './common.js';
import type { HclJson } from './hcl.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Parse JSON keeping every repeated property: objects merge, other repeats become a list of values. */
export function parseJsonMerging(file: string, text: string): Json {
  let i = 0;
  const fail = (message: string): never => {
    const { line, column } = positionOf(text, i);
    throw importError('E_PARSE', file, line, column, `invalid JSON: ${message}`, 'Fix the JSON syntax', 'JSON');
  };
  const ws = (): void => {
    while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  };
  const value = (depth: number): Json => {
    if (depth > 256) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') {
      i++;
      const out: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return fail(c === undefined ? 'unexpected end of input' : `unexpected '${c}'`);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= text.length) {
      i = start;
      fail('unterminated string');
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid escape in a string');
    }
  };
  const object = (depth: number): Json => {
    i++;
    const out: { [key: string]: Json } = Object.create(null);
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail('expected a property name');
      const key = string();
      ws();
      if (text[i] !== ':') fail("expected ':'");
      i++;
      const v = value(depth + 1);
      out[key] = Object.hasOwn(out, key) ? merge(out[key], v) : v;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return out;
      } else fail("expected ',' or '}'");
    }
  };
  const result = value(0);
  ws();
  if (i < text.length) fail('unexpected content after the document');
  return result;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function merge(a: Json, b: Json): Json {
  if (isObject(a) && isObject(b)) {
    const out: { [key: string]: Json } = Object.assign(Object.create(null), a);
    for (const [k, v] of Object.entries(b)) out[k] = Object.hasOwn(out, k) ? merge(out[k], v) : v;
    return out;
  }
  return [...(Array.isArray(a) ? a : [a]), ...(Array.isArray(b) ? b : [b])];
}

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);

/** One label level (`variable "x"`, `provider "aws"`, `module "m"`): name → [body, …]. */
function oneLabel(v: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, bodies] of Object.entries(isObject(v) ? v : {})) out[name] = asList(bodies);
  return out;
}

/** A `.tf.json` document in the shape hcl2json gives for `.tf` files. */
export function tfJsonToHcl(file: string, text: string): HclJson {
  const doc = parseJsonMerging(file, text);
  if (!isObject(doc)) {
    throw importError(
      'E_PARSE',
      file,
      1,
      1,
      'a Terraform JSON configuration is a JSON object',
      'See https://developer.hashicorp.com/terraform/language/syntax/json',
      'a JSON object with keys such as "resource", "provider", "variable"',
    );
  }
  const out: HclJson = {};
  for (const [kind, v] of Object.entries(doc)) {
    if (kind === '//') continue;
    if (kind === 'resource' || kind === 'data') {
      const byType: Record<string, unknown> = {};
      for (const [type, names] of Object.entries(isObject(v) ? v : {})) byType[type] = oneLabel(names);
      out[kind] = byType;
    } else if (kind === 'locals' || kind === 'terraform') {
      out[kind] = asList(v).map((body) => {
        if (kind !== 'terraform' || !isObject(body)) return body;
        const rp = body.required_providers;
        return rp === undefined ? body : { ...body, required_providers: asList(rp) };
      });
    } else out[kind] = oneLabel(v);
  }
  return out;
}

/** A `.tfvars.json` document: variable name → value. */
export function tfvarsJson(file: string, text: string): HclJson {
  const doc = parseJsonMerging(file, text);
  if (!isObject(doc)) {
    throw importError('E_PARSE', file, 1, 1, 'a .tfvars.json file is a JSON object', undefined, 'a JSON object');
  }
  return doc;
}
