import { createRequire } from 'node:module';
import { DECLARED_FACTS } from '../enrich/shared.js';
import type { FactSet } from '../enrich/types.js';
import { ResidencyError } from '../model/errors.js';
import { parseDay } from '../util/dates.js';
import { SourceValues } from '../util/source.js';
import { englishList, formatNumber, indefiniteArticle } from '../util/text.js';
import type { Condition, Predicate, RuleDefinition } from './types.js';

const require = createRequire(import.meta.url);

/** safe-regex2, loaded on the first `matches`: no bundled rule has one, and it is 11 modules and 7 ms of a start. */
let safeRegex: ((source: string) => boolean) | undefined;
function isSafeRegex(source: string): boolean {
  safeRegex ??= require('safe-regex2') as (source: string) => boolean;
  return safeRegex(source);
}

export type Test = (facts: FactSet, asOfDay: number) => boolean;
export type Getter = (facts: FactSet) => unknown;

const OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
  'within',
  'matches',
  'contains',
  'containsAny',
  'empty',
] as const;

export const FACT_ROOTS = ['organisation', 'vendor', 'service', 'data', 'asOf'] as const;

/**
 * Compile a dotted fact path once into a getter. Each step reads an own property or a fact its object's class
 * declares (`isFact`: a getter computing the fact on read), never another inherited member, so `__proto__`,
 * `constructor` or `toString` is just data, absent unless the facts hold it as their own.
 *
 * The getter is written as the source of one function and compiled with `new Function` (as src/schema/quick.ts
 * compiles its checks), with each key written as a JSON string: closures shared by every path of a depth read their
 * keys through one megamorphic inline cache and called `isFact` with keys of every kind (0.7 s and 0.25 s of the
 * 100k check's evaluation). A getter of its own reads its few keys by name, and its guard, the same test as
 * `isFact` written out, looks each key up on the few kinds of facts the path meets. One getter per path, shared.
 */
export function compileGetter(path: string): Getter {
  let getter = GETTERS.get(path);
  if (getter === undefined) {
    getter = writeGetter(path);
    GETTERS.set(path, getter);
  }
  return getter;
}

const GETTERS = new Map<string, Getter>();

function writeGetter(path: string): Getter {
  const values = new SourceValues();
  const hasOwn = values.name(Object.hasOwn);
  const declared = values.name(DECLARED_FACTS);
  const lines: string[] = [];
  let at = 'facts';
  path.split('.').forEach((part, i) => {
    const key = JSON.stringify(part);
    // isFact(at, key): a fact the class of `at` declares (most are, on class instances: asked first, it is one
    // lookup by name), or an own property
    lines.push(
      `if (${at} === null || typeof ${at} !== 'object' || !(${at}[${declared}]?.has(${key}) === true || ${hasOwn}(${at}, ${key}))) return undefined;`,
      `const v${i} = ${at}[${key}];`,
    );
    at = `v${i}`;
  });
  lines.push(`return ${at};`);
  return values.compile<Getter>(`return (facts) => {\n${lines.join('\n')}\n};`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** `2026-01-01`, `asOf`, `asOf-365d`, `asOf+14d` → day number (relative forms resolved at evaluation). */
function compileDate(text: string, where: string): (asOfDay: number) => number {
  const rel = /^asOf(?:([+-])(\d+)d)?$/.exec(text);
  if (rel) {
    const offset = rel[1] ? Number(rel[2]) * (rel[1] === '-' ? -1 : 1) : 0;
    return (asOfDay) => asOfDay + offset;
  }
  const day = parseDay(text);
  if (day === undefined) {
    throw new ResidencyError('E_RULE', `${where}: '${text}' is not a date, 'asOf' or 'asOf±Nd'`);
  }
  return () => day;
}

/** A predicate's test of the value its fact path reads. */
type ValueTest = (v: unknown, asOfDay: number) => boolean;

function compilePredicate(p: Predicate, where: string): ValueTest {
  const ops = OPERATORS.filter((op) => Object.hasOwn(p, op));
  if (ops.length !== 1) {
    throw new ResidencyError(
      'E_RULE',
      `${where}: a condition on '${p.fact}' needs exactly one operator (${OPERATORS.join(', ')}), found ${ops.length}`,
    );
  }
  const op = ops[0];
  switch (op) {
    case 'equals': {
      const v = p.equals;
      return (x) => sameValue(x, v);
    }
    case 'notEquals': {
      const v = p.notEquals;
      return (x) => !sameValue(x, v);
    }
    case 'in': {
      const set = new Set(p.in);
      return (x) => set.has(x);
    }
    case 'notIn': {
      const set = new Set(p.notIn);
      return (x) => !set.has(x);
    }
    case 'exists': {
      const want = p.exists === true;
      return (v) => (v !== undefined && v !== null) === want;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = p[op] as number;
      const cmp =
        op === 'gt'
          ? (x: number) => x > bound
          : op === 'gte'
            ? (x: number) => x >= bound
            : op === 'lt'
              ? (x: number) => x < bound
              : (x: number) => x <= bound;
      return (v) => typeof v === 'number' && cmp(v);
    }
    case 'before':
    case 'after': {
      const bound = compileDate(p[op] as string, where);
      const before = op === 'before';
      return (v, asOfDay) => {
        const day = typeof v === 'string' ? parseDay(v) : undefined;
        if (day === undefined) return false;
        return before ? day < bound(asOfDay) : day > bound(asOfDay);
      };
    }
    case 'within': {
      const days = p.within as number;
      return (v, asOfDay) => {
        const day = typeof v === 'string' ? parseDay(v) : undefined;
        return day !== undefined && day <= asOfDay && asOfDay - day <= days;
      };
    }
    case 'matches': {
      const source = p.matches as string;
      if (!isSafeRegex(source)) {
        throw new ResidencyError(
          'E_RULE_REGEX',
          `${where}: the pattern /${source}/ can backtrack catastrophically (exponential time); rewrite it without nested quantifiers`,
        );
      }
      let re: RegExp;
      try {
        re = new RegExp(source, 'u');
      } catch (error) {
        throw new ResidencyError('E_RULE_REGEX', `${where}: invalid pattern /${source}/: ${(error as Error).message}`);
      }
      return (v) => {
        if (typeof v === 'string') return re.test(v);
        if (Array.isArray(v)) return v.some((x) => typeof x === 'string' && re.test(x));
        return false;
      };
    }
    case 'contains': {
      const want = p.contains;
      return (v) =>
        Array.isArray(v) ? v.some((x) => sameValue(x, want)) : typeof v === 'string' && v.includes(String(want));
    }
    case 'containsAny': {
      const set = new Set(p.containsAny);
      return (v) => Array.isArray(v) && v.some((x) => set.has(x));
    }
    case 'empty': {
      const want = p.empty === true;
      return (v) => {
        const isEmpty =
          v === undefined || v === null || ((Array.isArray(v) || typeof v === 'string') && v.length === 0);
        return isEmpty === want;
      };
    }
  }
  throw new ResidencyError('E_RULE', `${where}: unknown operator`);
}

/**
 * A rule's condition as the source of one function (`new Function`, as compileGetter): `all`, `any` and `not` written
 * as `&&`, `||` and `!` in the order the rule gives (each stops where the loop over the parts stopped), each predicate
 * as a call of its fact path's getter and of its test of the value. Each call site calls one function, which V8
 * inlines; closures nested per part called their parts and getters through call sites shared by every rule.
 */
export function compileCondition(condition: Condition, where: string): Test {
  const values = new SourceValues();
  const write = (c: Condition, at: string): string => {
    if ('all' in c) {
      const parts = c.all.map((x, i) => write(x, `${at}.all[${i}]`));
      return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
    }
    if ('any' in c) {
      const parts = c.any.map((x, i) => write(x, `${at}.any[${i}]`));
      return parts.length === 0 ? 'false' : `(${parts.join(' || ')})`;
    }
    if ('not' in c) return `!${write(c.not, `${at}.not`)}`;
    const p = c as Predicate;
    const test = compilePredicate(p, at);
    return `${values.name(test)}(${values.name(compileGetter(p.fact))}(f), d)`;
  };
  return values.compile<Test>(`return (f, d) => ${write(condition, where)};`);
}

function render(value: unknown): string {
  if (value === undefined || value === null) return 'unknown';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : englishList(value.map(render));
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A `{{fact.path}}` placeholder in a message; group 1 is the path. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** `is a ` / `(A ` at the end of the text so far: the article before a value, fitted to it (`an object-storage`). */
const ARTICLE_BEFORE = /(?:^|[\s(])[aA] $/;

/** A literal part of a template, with what rendering needs to know about it worked out once. */
interface Literal {
  text: string;
  /** Starts with one full stop (not an ellipsis): dropped after a value that ends a sentence itself. */
  dropsDot: boolean;
  /**
   * Whether a value after it is preceded by an article that may become `an` (ARTICLE_BEFORE on the text so
   * far), when its own last characters decide it (4 or more, so dropping its first full stop does not change
   * them); undefined when the text before it has to be read.
   */
  article: boolean | undefined;
}

/**
 * `{{vendor.name}} stores {{service.categories}}` → closure. Parts alternate: literal, value, literal, …, literal.
 * The text is written in one pass (one flat string: a message built up by `+=` was a rope of partial copies,
 * flattened again for each check of its end) and checked where a full stop or an article depends on the text
 * before; only a text that needs an edit is written again, edit by edit.
 */
export function compileTemplate(template: string): (facts: FactSet) => string {
  const parts: (Literal | Getter)[] = [];
  const re = new RegExp(PLACEHOLDER);
  const literal = (text: string): Literal => ({
    text,
    dropsDot: text.startsWith('.') && !text.startsWith('..'),
    article: text.length >= 4 ? ARTICLE_BEFORE.test(text.slice(-3)) : undefined,
  });
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(literal(template.slice(last, m.index)));
    parts.push(compileGetter(m[1]));
    last = m.index + m[0].length;
  }
  parts.push(literal(template.slice(last)));
  const write = writePieces(parts);
  return (facts) => {
    const pieces = write(facts);
    const text = pieces.join('');
    // Up to the first edit, `text` is the text written so far: its characters (a flat string of its own, never a
    // shared value's) answer each check. Every check reads at least one character of two non-empty parts.
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const piece = pieces[i];
      if (typeof p !== 'function') {
        if (p.dropsDot && at > 0 && text.charCodeAt(at - 1) === DOT) return edited(parts, pieces);
      } else if (piece !== '' && at > 0) {
        const before = (parts[i - 1] as Literal).article ?? ARTICLE_BEFORE.test(text.slice(Math.max(0, at - 3), at));
        if (before && indefiniteArticle(piece) === 'an') return edited(parts, pieces);
      }
      at += piece.length;
    }
    return text;
  };
}

const DOT = 46;

/**
 * A template's pieces for some facts (its literals and rendered values in order), written as the source of one
 * function (`new Function`, as compileGetter): each value's getter called from a site of its own, which V8 inlines,
 * instead of every template's getters from one shared loop.
 */
function writePieces(parts: readonly (Literal | Getter)[]): (facts: FactSet) => string[] {
  const values = new SourceValues();
  const rendered = values.name(render);
  const items = parts.map((p) =>
    typeof p !== 'function' ? JSON.stringify(p.text) : `${rendered}(${values.name(p)}(facts))`,
  );
  return values.compile<(facts: FactSet) => string[]>(`return (facts) => [${items.join(', ')}];`);
}

/** A template's text with its edits, part by part (`pieces`: its literals and rendered values in order). */
function edited(parts: readonly (Literal | Getter)[], pieces: readonly string[]): string {
  const out: string[] = [];
  // ARTICLE_BEFORE on the text so far when the literal written last decides it, else undefined
  let article: boolean | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p !== 'function') {
      // a value that ends a sentence itself (`Foo Inc.`) is not followed by a second full stop
      const text = p.dropsDot && endOf(out, 1) === '.' ? p.text.slice(1) : p.text;
      if (text !== '') {
        out.push(text);
        article = p.article;
      }
      continue;
    }
    const value = pieces[i];
    // `is a {{kind}}` → `is an object-storage …`
    if ((article ?? ARTICLE_BEFORE.test(endOf(out, 3))) && indefiniteArticle(value) === 'an') {
      const last = out.length - 1;
      out[last] = `${out[last].slice(0, -1)}n `;
    }
    if (value !== '') out.push(value);
    article = undefined;
  }
  return out.join('');
}

/**
 * The last `n` characters of the text `parts` make (fewer when it is shorter), read from a copy: reading a value's
 * characters directly would flatten it where it is kept (a fact's text built by concatenation, shared by the enrichment
 * and the findings' evidence) and keep the flat copy alive with it.
 */
function endOf(parts: readonly string[], n: number): string {
  let end = '';
  for (let i = parts.length - 1; i >= 0 && end.length < n; i--) {
    const part = parts[i];
    const want = n - end.length;
    end = (part.length <= want ? part : `${part}\u0000`.slice(-want - 1, -1)) + end;
  }
  return end;
}

export interface CompiledRule {
  definition: RuleDefinition;
  applies?: Test;
  fails: Test;
  message: (facts: FactSet) => string;
  evidence: Getter[];
  regimesFrom?: Getter;
  basisFrom?: Getter;
  severityFrom?: Getter;
}

export function compileRule(definition: RuleDefinition, file: string): CompiledRule {
  const where = `${file}: rule ${definition.id}`;
  return {
    definition,
    applies: definition.appliesWhen ? compileCondition(definition.appliesWhen, `${where} appliesWhen`) : undefined,
    fails: compileCondition(definition.when, `${where} when`),
    message: compileTemplate(definition.message),
    evidence: (definition.evidence ?? []).map(compileGetter),
    regimesFrom: definition.regimesFrom ? compileGetter(definition.regimesFrom) : undefined,
    basisFrom: definition.basisFrom ? compileGetter(definition.basisFrom) : undefined,
    severityFrom: definition.severityFrom ? compileGetter(definition.severityFrom) : undefined,
  };
}
