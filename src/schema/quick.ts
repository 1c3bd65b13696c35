import { createRequire } from 'node:module';

/**
 * A yes/no check of data against a JSON Schema, compiled to closures, for the happy path of schema validation: when
 * it says yes, ajv (compiled with the same schema) would report no error, so ajv need not run; when it says no, ajv
 * runs and reports the errors as before. It is never more lenient than ajv (it may be stricter: a no only costs the
 * ajv run), and it makes nothing per value (ajv's generated code builds each item's instance path and options
 * object even when the data is valid): 3x less time than ajv on a 100k-vendor inventory.
 *
 * Only the keywords listed in `compileNode` are understood, with ajv's semantics (2020-12, `allowUnionTypes`,
 * formats from ajv-formats' full set); a schema with any other keyword that asserts something gives no check
 * (`compileQuick` returns undefined) and ajv alone validates it.
 */
export type QuickCheck = (data: unknown) => boolean;

type Check = (value: unknown) => boolean;
type Schema = Record<string, unknown> | boolean;

const require = createRequire(import.meta.url);

/** Keywords that assert nothing (annotations), skipped as ajv skips them with `strict: false`. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', '$defs']);

/** Thrown while compiling when the schema uses something this check does not understand. */
class Unsupported extends Error {}

/** The check for `schema` (its `$ref`s resolved in its own `$defs`), or undefined when it uses other keywords. */
export function compileQuick(schema: Record<string, unknown>): QuickCheck | undefined {
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const refs = new Map<string, Check>();
  const formats = (require('ajv-formats/dist/formats') as { fullFormats: Record<string, unknown> }).fullFormats;
  const ucs2length = (require('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default;

  const ref = (pointer: string): Check => {
    const known = refs.get(pointer);
    if (known) return known;
    const m = /^#\/\$defs\/([^/~%]+)$/.exec(pointer);
    if (!m || !(m[1] in defs)) throw new Unsupported(`$ref ${pointer}`);
    // a definition that refers to itself, directly or not, meets this stand-in until it is compiled
    let check: Check | undefined;
    refs.set(pointer, (value) => (check as Check)(value));
    check = compileNode(defs[m[1]]);
    refs.set(pointer, check);
    return check;
  };

  const compileNode = (node: Schema): Check => {
    if (node === true) return () => true;
    if (node === false) return () => false;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Unsupported('schema');
    const checks: Check[] = [];
    const keys = Object.keys(node);
    for (const key of keys) {
      if (ANNOTATIONS.has(key)) continue;
      if (!KNOWN.has(key)) throw new Unsupported(key);
    }
    if (node.$ref !== undefined) checks.push(ref(String(node.$ref)));
    if (node.type !== undefined) checks.push(typeCheck(node.type));
    if (node.const !== undefined) {
      const c = primitive(node.const);
      checks.push((v) => v === c);
    }
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum)) throw new Unsupported('enum');
      const values = new Set(node.enum.map(primitive));
      checks.push((v) => values.has(v));
    }
    const stringChecks = stringKeywords(node, formats, ucs2length);
    if (stringChecks) checks.push(stringChecks);
    const numberChecks = numberKeywords(node);
    if (numberChecks) checks.push(numberChecks);
    if (node.items !== undefined || node.uniqueItems !== undefined) checks.push(arrayCheck(node, compileNode));
    if (node.properties !== undefined || node.required !== undefined || node.additionalProperties !== undefined)
      checks.push(objectCheck(node, compileNode));
    if (node.if !== undefined) {
      const test = compileNode(node.if as Schema);
      const then = node.then === undefined ? () => true : compileNode(node.then as Schema);
      const otherwise = node.else === undefined ? () => true : compileNode(node.else as Schema);
      checks.push((v) => (test(v) ? then(v) : otherwise(v)));
    }
    return all(checks);
  };

  try {
    return compileNode(schema);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

const KNOWN = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'if',
  'then',
  'else',
]);

function all(checks: Check[]): Check {
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  if (checks.length === 2) {
    const [a, b] = checks;
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i](v)) return false;
    return true;
  };
}

/** A `const` or `enum` value: only strings, numbers, booleans and null (ajv compares objects deeply). */
function primitive(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new Unsupported('a const or enum value that is not a string, number, boolean or null');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeCheck(type: unknown): Check {
  const one = (name: unknown): Check => {
    switch (name) {
      case 'string':
        return (v) => typeof v === 'string';
      case 'object':
        return isObject;
      case 'array':
        return Array.isArray;
      case 'boolean':
        return (v) => typeof v === 'boolean';
      case 'null':
        return (v) => v === null;
      case 'number':
        return (v) => typeof v === 'number' && Number.isFinite(v);
      case 'integer':
        return (v) => Number.isInteger(v);
      default:
        throw new Unsupported(`type ${String(name)}`);
    }
  };
  if (!Array.isArray(type)) return one(type);
  const each = type.map(one);
  return (v) => each.some((check) => check(v));
}

/** minLength, maxLength (in code points, as ajv counts them), pattern and format: they apply to strings only. */
function stringKeywords(
  node: Record<string, unknown>,
  formats: Record<string, unknown>,
  ucs2length: (s: string) => number,
): Check | undefined {
  const checks: ((s: string) => boolean)[] = [];
  if (node.minLength !== undefined) {
    const min = node.minLength as number;
    // a string of 2·min code units or more has at least min code points
    checks.push((s) => s.length >= 2 * min || ucs2length(s) >= min);
  }
  if (node.maxLength !== undefined) {
    const max = node.maxLength as number;
    checks.push((s) => s.length <= max || ucs2length(s) <= max);
  }
  if (node.pattern !== undefined) {
    const pattern = new RegExp(String(node.pattern), 'u'); // as ajv makes it (unicodeRegExp)
    checks.push((s) => pattern.test(s));
  }
  if (node.format === 'date' && (formats.date as { validate?: unknown } | undefined)?.validate !== undefined) {
    checks.push(isDate);
  } else if (node.format !== undefined) {
    const format = formats[String(node.format)] as
      | { validate?: unknown; async?: boolean }
      | RegExp
      | ((s: string) => boolean)
      | undefined;
    if (format instanceof RegExp) checks.push((s) => format.test(s));
    else if (typeof format === 'function') checks.push(format);
    else if (format && typeof format.validate === 'function' && !format.async)
      checks.push(format.validate as (s: string) => boolean);
    else if (format && format.validate instanceof RegExp) {
      const re = format.validate;
      checks.push((s) => re.test(s));
    } else throw new Unsupported(`format ${String(node.format)}`);
  }
  if (checks.length === 0) return undefined;
  const check = all(checks as Check[]) as (s: string) => boolean;
  return (v) => typeof v !== 'string' || check(v);
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ajv-formats' `date` (RFC 3339 full-date: `^(\d\d\d\d)-(\d\d)-(\d\d)$`, a month 1–12 and a day that month has,
 * 29 February in leap years), read from the character codes instead of a regular expression's match array.
 */
export function isDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    year = year * 10 + d;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]);
}

/** minimum, maximum, exclusiveMinimum, exclusiveMaximum: they apply to numbers only. */
function numberKeywords(node: Record<string, unknown>): Check | undefined {
  const bound = (key: string): number | undefined => {
    const b = node[key];
    if (b === undefined) return undefined;
    if (typeof b !== 'number') throw new Unsupported(key);
    return b;
  };
  const min = bound('minimum');
  const max = bound('maximum');
  const xmin = bound('exclusiveMinimum');
  const xmax = bound('exclusiveMaximum');
  if (min === undefined && max === undefined && xmin === undefined && xmax === undefined) return undefined;
  return (v) =>
    typeof v !== 'number' ||
    ((min === undefined || v >= min) &&
      (max === undefined || v <= max) &&
      (xmin === undefined || v > xmin) &&
      (xmax === undefined || v < xmax));
}

/** items and uniqueItems: they apply to arrays only. Items that are lists or maps are never taken as unique here. */
function arrayCheck(node: Record<string, unknown>, compile: (s: Schema) => Check): Check {
  if (Array.isArray(node.items)) throw new Unsupported('items as a list');
  const item = node.items === undefined ? undefined : compile(node.items as Schema);
  const unique = node.uniqueItems === true;
  return (v) => {
    if (!Array.isArray(v)) return true;
    const n = v.length;
    if (item) for (let i = 0; i < n; i++) if (!item(v[i])) return false;
    if (unique && n > 1) {
      const seen = new Set<unknown>();
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x !== null && typeof x === 'object') return false; // ajv compares these deeply: let it
        if (seen.has(x)) return false;
        seen.add(x);
      }
    }
    return true;
  };
}

/**
 * properties, required and additionalProperties: they apply to objects only. The keys the object has are walked
 * once (for…in, as ajv walks them for additionalProperties), each looked up among the declared properties.
 */
function objectCheck(node: Record<string, unknown>, compile: (s: Schema) => Check): Check {
  const properties = (node.properties ?? {}) as Record<string, Schema>;
  const declared = new Map<string, Check>();
  for (const key of Object.keys(properties)) declared.set(key, compile(properties[key]));
  const required = (node.required ?? []) as unknown[];
  if (!Array.isArray(required) || required.some((k) => typeof k !== 'string')) throw new Unsupported('required');
  const requiredKeys = required as string[];
  // ajv reads a declared or required key through the prototype too (`data.toString`): such a key is left to it
  for (const key of [...declared.keys(), ...requiredKeys]) if (key in Object.prototype) throw new Unsupported(key);
  const additional = node.additionalProperties;
  const other: Check | undefined =
    additional === undefined || additional === true ? undefined : compile(additional as Schema);
  return (v) => {
    if (!isObject(v)) return true;
    for (let i = 0; i < requiredKeys.length; i++) if (v[requiredKeys[i]] === undefined) return false;
    for (const key in v) {
      const value = v[key];
      // ajv skips a declared property whose value is undefined; plain JSON has none: left to ajv
      if (value === undefined) return false;
      const check = declared.get(key);
      if (check !== undefined) {
        if (!check(value)) return false;
      } else if (other !== undefined && !other(value)) return false;
    }
    return true;
  };
}
