import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Ajv2020 as AjvCore } from 'ajv/dist/2020.js';
import { compileQuick, type QuickCheck } from './quick.js';

/** Schemas shipped in schemas/ (JSON Schema 2020-12). Each is compiled once, on first use. */
export type SchemaName = 'inventory' | 'catalog' | 'rule' | 'report' | 'waivers' | 'config';

const require = createRequire(import.meta.url);

let ajv: AjvCore | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/**
 * ajv's code gathers the errors of a referenced schema (every vendor, service, owner …) into the caller's with
 * `vErrors = vErrors === null ? f.errors : vErrors.concat(f.errors)`: a copy of every error so far for each item that
 * fails, so an inventory whose items all fail the same way took time quadratic in its errors (100k vendors with one
 * unknown key each: minutes; 50,000 owners of one vendor: 12 s of 14). Appended in place instead: the same errors
 * in the same order, each copied once per level. Applied to what ajv compiles at run time (`code.process`) and to
 * the build's standalone validators (scripts/build-snapshot.mjs), which must hold none of the copies after it.
 */
export function appendErrorsInPlace(code: string): string {
  return code.replace(
    /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\);/g,
    (_match, fn: string) =>
      `if (vErrors === null) {vErrors = ${fn}.errors.slice();} else {for (const e of ${fn}.errors) {vErrors.push(e);}}`,
  );
}

/** The one ajv configuration, shared with the build-time precompilation. */
export function createAjv(options?: { source: boolean }): AjvCore {
  // CJS packages, loaded through require so their default exports need no interop shims, and only here: the build's
  // precompiled validators need only ajv's small runtime helpers, and ajv's compiler is about 80 modules and 30 ms of
  // every start
  const Ajv2020 = (require('ajv/dist/2020.js') as { default: new (options: object) => AjvCore }).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvCore, formats: string[]) => void }).default;
  const code = { ...options, process: appendErrorsInPlace };
  const instance = new Ajv2020({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code });
  addFormats(instance, ['date', 'date-time', 'uri', 'email']);
  return instance;
}

export const SCHEMA_NAMES: readonly SchemaName[] = ['inventory', 'catalog', 'rule', 'report', 'waivers', 'config'];

export function schemaDocument(name: SchemaName): Record<string, unknown> {
  return require(`../../schemas/${name}.schema.json`) as Record<string, unknown>;
}

let usePrecompiled = true;

/** Turn the build-time validators off (RESIDENCY_NO_SNAPSHOT=1), e.g. to compare against fresh compilation. */
export function setPrecompiledValidators(enabled: boolean): void {
  usePrecompiled = enabled;
}

/** Validators precompiled at build time (scripts/build-snapshot.mjs, ajv standalone), when present. */
function precompiled(name: SchemaName): ValidateFunction | undefined {
  if (!usePrecompiled) return undefined;
  try {
    const mod = require(`./standalone/${name}.cjs`) as { default?: ValidateFunction } & ValidateFunction;
    return mod.default ?? mod;
  } catch {
    return undefined;
  }
}

export function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name) ?? precompiled(name);
  if (fn !== undefined) compiled.set(name, fn);
  if (fn === undefined) {
    ajv ??= createAjv();
    const compiledFn: ValidateFunction = ajv.compile(schemaDocument(name));
    compiled.set(name, compiledFn);
    fn = compiledFn;
  }
  return fn;
}

/** Schemas whose valid documents are first recognised by a quick check (quick.ts) instead of ajv. */
const QUICK: ReadonlySet<SchemaName> = new Set(['inventory']);
const quickChecks = new Map<SchemaName, QuickCheck | undefined>();
let useQuick = true;

/** Turn the quick check off (ajv validates everything), e.g. to compare the two in tests. */
export function setQuickChecks(enabled: boolean): void {
  useQuick = enabled;
}

function quickCheck(name: SchemaName): QuickCheck | undefined {
  if (!useQuick || !QUICK.has(name)) return undefined;
  if (!quickChecks.has(name)) quickChecks.set(name, compileQuick(schemaDocument(name)));
  return quickChecks.get(name);
}

/**
 * The schema's errors for `data` (ajv's), none when valid. For an inventory, a quick check that is never more
 * lenient than ajv recognises valid data first; ajv runs only when it says no, and gives the errors.
 */
export function validate(name: SchemaName, data: unknown): ErrorObject[] {
  if (quickCheck(name)?.(data)) return [];
  const fn = validator(name);
  return fn(data) ? [] : [...(fn.errors ?? [])];
}
