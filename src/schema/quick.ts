import { createRequire } from 'node:module';
import { SourceValues } from '../util/source.js';

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

type Schema = Record<string, unknown> | boolean;

const require = createRequire(import.meta.url);

/** Keywords that assert nothing (annotations), skipped as ajv skips them with `strict: false`. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', '$defs']);

/** Thrown while compiling when the schema uses something this check does not understand. */
class Unsupported extends Error {}

/** The check for `schema` (its `$ref`s resolved in its own `$defs`), or undefined when it uses other keywords. */
export function compileQuick(schema: Record<string, unknown>): QuickCheck | undefined {
  try {
    return new QuickCompiler(schema).compile();
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

/**
 * Writes the check as the source of one function per definition (`$defs`) and per `if`, each a run of
 * `if (…) return false;` over its value, as ajv writes its validators, and compiles it with `new Function` (ajv's
 * way too): straight-line code that V8 optimises per definition. Constants (sets of enum values, regular
 * expressions, format functions) are passed in, never written into the source; keys are written as JSON strings.
 */
class QuickCompiler {
  readonly #defs: Record<string, Schema>;
  /** Function names of the definitions compiled or being compiled. */
  readonly #refs = new Map<string, string>();
  /** The functions' source, in the order they were begun. */
  readonly #functions: string[] = [];
  /** Values the source refers to as c0, c1, … */
  readonly #constants = new SourceValues();
  #variables = 0;

  constructor(private readonly schema: Record<string, unknown>) {
    this.#defs = (schema.$defs ?? {}) as Record<string, Schema>;
  }

  compile(): QuickCheck {
    const root = this.#function(this.schema);
    return this.#constants.compile<QuickCheck>(`${this.#functions.join('\n')}\nreturn ${root};`);
  }

  #constant(value: unknown): string {
    return this.#constants.name(value);
  }

  #variable(): string {
    return `v${this.#variables++}`;
  }

  /** A function that checks its argument against `node`; its name. */
  #function(node: Schema): string {
    const name = `f${this.#functions.length}`;
    const index = this.#functions.length;
    this.#functions.push(''); // its place, so that the functions it needs follow it
    const v = this.#variable();
    this.#functions[index] = `function ${name}(${v}) {\n${this.#node(node, v)}return true;\n}`;
    return name;
  }

  #ref(pointer: string): string {
    const known = this.#refs.get(pointer);
    if (known) return known;
    const m = /^#\/\$defs\/([^/~%]+)$/.exec(pointer);
    if (!m || !Object.hasOwn(this.#defs, m[1])) throw new Unsupported(`$ref ${pointer}`);
    // named before its body is written: a definition may refer to itself
    const name = `f${this.#functions.length}`;
    this.#refs.set(pointer, name);
    const made = this.#function(this.#defs[m[1]]);
    if (made !== name) throw new Error('quick check: function names out of step');
    return name;
  }

  /** Statements that return false when the value in `v` does not meet `node`. */
  #node(node: Schema, v: string): string {
    if (node === true) return '';
    if (node === false) return 'return false;\n';
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Unsupported('schema');
    for (const key of Object.keys(node)) if (!ANNOTATIONS.has(key) && !KNOWN.has(key)) throw new Unsupported(key);
    let out = '';
    if (node.$ref !== undefined) out += `if (!${this.#ref(String(node.$ref))}(${v})) return false;\n`;
    const only = typeof node.type === 'string' ? node.type : undefined;
    if (node.type !== undefined) out += `if (!(${typeTest(node.type, v)})) return false;\n`;
    if (node.const !== undefined) out += `if (${v} !== ${this.#constant(primitive(node.const))}) return false;\n`;
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum)) throw new Unsupported('enum');
      out += `if (!${this.#constant(new Set(node.enum.map(primitive)))}.has(${v})) return false;\n`;
    }
    const strings = this.#strings(node, v);
    if (strings) out += only === 'string' ? strings : `if (typeof ${v} === 'string') {\n${strings}}\n`;
    const numbers = numberTests(node, v);
    if (numbers) out += `if (typeof ${v} === 'number' && !(${numbers})) return false;\n`;
    if (node.items !== undefined || node.uniqueItems !== undefined) {
      const arrays = this.#array(node, v);
      out += only === 'array' ? arrays : `if (Array.isArray(${v})) {\n${arrays}}\n`;
    }
    if (node.properties !== undefined || node.required !== undefined || node.additionalProperties !== undefined) {
      const objects = this.#object(node, v);
      out +=
        only === 'object'
          ? objects
          : `if (${v} !== null && typeof ${v} === 'object' && !Array.isArray(${v})) {\n${objects}}\n`;
    }
    if (node.if !== undefined) {
      const test = this.#function(node.if as Schema);
      const then = node.then === undefined ? '' : this.#node(node.then as Schema, v);
      const otherwise = node.else === undefined ? '' : this.#node(node.else as Schema, v);
      out += `if (${test}(${v})) {\n${then}} else {\n${otherwise}}\n`;
    }
    return out;
  }

  /** minLength, maxLength (in code points, as ajv counts them), pattern and format, for a string in `v`. */
  #strings(node: Record<string, unknown>, v: string): string {
    let out = '';
    if (node.minLength !== undefined || node.maxLength !== undefined) {
      const ucs2length = this.#constant(
        (require('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default,
      );
      // a string of 2·min code units or more has at least min code points; one of max or fewer, at most max
      if (node.minLength !== undefined) {
        const min = bound(node.minLength, 'minLength');
        out += `if (${v}.length < ${2 * min} && ${ucs2length}(${v}) < ${min}) return false;\n`;
      }
      if (node.maxLength !== undefined) {
        const max = bound(node.maxLength, 'maxLength');
        out += `if (${v}.length > ${max} && ${ucs2length}(${v}) > ${max}) return false;\n`;
      }
    }
    if (node.pattern !== undefined) {
      const pattern = this.#constant(new RegExp(String(node.pattern), 'u')); // as ajv makes it (unicodeRegExp)
      out += `if (!${pattern}.test(${v})) return false;\n`;
    }
    if (node.format !== undefined)
      out += `if (!${this.#constant(formatTest(String(node.format)))}(${v})) return false;\n`;
    return out;
  }

  /** items and uniqueItems, for an array in `v`. Items that are lists or maps are never taken as unique here. */
  #array(node: Record<string, unknown>, v: string): string {
    if (Array.isArray(node.items)) throw new Unsupported('items as a list');
    let out = '';
    if (node.items !== undefined) {
      const i = this.#variable();
      const item = this.#variable();
      out += `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${item} = ${v}[${i}];\n${this.#node(node.items as Schema, item)}}\n`;
    }
    if (node.uniqueItems === true)
      out += `if (${v}.length > 1 && !${this.#constant(uniquePrimitives)}(${v})) return false;\n`;
    return out;
  }

  /**
   * properties, required and additionalProperties, for an object in `v`. The keys it has are walked once (for…in, as
   * ajv walks them for additionalProperties), each value checked by the schema of its key.
   */
  #object(node: Record<string, unknown>, v: string): string {
    const properties = (node.properties ?? {}) as Record<string, Schema>;
    const required = (node.required ?? []) as unknown[];
    if (!Array.isArray(required) || required.some((k) => typeof k !== 'string')) throw new Unsupported('required');
    // ajv reads a declared or required key through the prototype too (`data.toString`): such a key is left to it
    for (const key of [...Object.keys(properties), ...(required as string[])])
      if (key in Object.prototype) throw new Unsupported(key);
    let out = '';
    for (const key of required as string[]) out += `if (${v}[${JSON.stringify(key)}] === undefined) return false;\n`;
    const key = this.#variable();
    const value = this.#variable();
    const additional = node.additionalProperties;
    const other = additional === undefined || additional === true ? '' : this.#node(additional as Schema, value);
    let cases = '';
    for (const name of Object.keys(properties))
      cases += `case ${JSON.stringify(name)}: {\n${this.#node(properties[name], value)}break;\n}\n`;
    // ajv skips a declared property whose value is undefined; plain JSON has none: left to ajv
    out += `for (const ${key} in ${v}) {\nconst ${value} = ${v}[${key}];\nif (${value} === undefined) return false;\n`;
    out += `switch (${key}) {\n${cases}default: {\n${other}}\n}\n}\n`;
    return out;
  }
}

function bound(value: unknown, keyword: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Unsupported(keyword);
  return value;
}

/** The test of ajv's `type` (with `allowUnionTypes`) on the value in `v`, as an expression. */
function typeTest(type: unknown, v: string): string {
  const one = (name: unknown): string => {
    switch (name) {
      case 'string':
        return `typeof ${v} === 'string'`;
      case 'object':
        return `(${v} !== null && typeof ${v} === 'object' && !Array.isArray(${v}))`;
      case 'array':
        return `Array.isArray(${v})`;
      case 'boolean':
        return `typeof ${v} === 'boolean'`;
      case 'null':
        return `${v} === null`;
      case 'number':
        return `(typeof ${v} === 'number' && Number.isFinite(${v}))`;
      case 'integer':
        return `Number.isInteger(${v})`;
      default:
        throw new Unsupported(`type ${String(name)}`);
    }
  };
  if (!Array.isArray(type)) return one(type);
  if (type.length === 0) throw new Unsupported('type []');
  return type.map(one).join(' || ');
}

/** minimum, maximum, exclusiveMinimum, exclusiveMaximum on a number in `v`, as an expression ('' when none). */
function numberTests(node: Record<string, unknown>, v: string): string {
  const tests: string[] = [];
  if (node.minimum !== undefined) tests.push(`${v} >= ${bound(node.minimum, 'minimum')}`);
  if (node.maximum !== undefined) tests.push(`${v} <= ${bound(node.maximum, 'maximum')}`);
  if (node.exclusiveMinimum !== undefined) tests.push(`${v} > ${bound(node.exclusiveMinimum, 'exclusiveMinimum')}`);
  if (node.exclusiveMaximum !== undefined) tests.push(`${v} < ${bound(node.exclusiveMaximum, 'exclusiveMaximum')}`);
  return tests.join(' && ');
}

/** The test of a format from ajv-formats' full set (ajv's `formats`), `date` read from character codes. */
function formatTest(name: string): (s: string) => boolean {
  const formats = (require('ajv-formats/dist/formats') as { fullFormats: Record<string, unknown> }).fullFormats;
  const format = Object.hasOwn(formats, name)
    ? (formats[name] as { validate?: unknown; async?: boolean } | RegExp | ((s: string) => boolean))
    : undefined;
  if (name === 'date' && format && !(format instanceof RegExp) && typeof format !== 'function') return isDate;
  if (format instanceof RegExp) return (s) => format.test(s);
  if (typeof format === 'function') return format;
  if (format && !format.async && typeof format.validate === 'function')
    return format.validate as (s: string) => boolean;
  if (format && format.validate instanceof RegExp) {
    const re = format.validate;
    return (s) => re.test(s);
  }
  throw new Unsupported(`format ${name}`);
}

/** Whether the items of a list are all different strings, numbers, booleans or nulls (false for any list or map). */
function uniquePrimitives(list: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const x of list) {
    if (x !== null && typeof x === 'object') return false; // ajv compares these deeply: let it
    if (seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}

/** A `const` or `enum` value: only strings, numbers, booleans and null (ajv compares objects deeply). */
function primitive(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new Unsupported('a const or enum value that is not a string, number, boolean or null');
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
