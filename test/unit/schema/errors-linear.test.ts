/**
 * Issue 13, bad input of every shape: ajv's code copied every error so far into the caller for each item that failed
 * (`vErrors.concat(f.errors)`), so an inventory whose vendors all fail the same way (a generator's typo) took time
 * quadratic in its errors. Counted, not timed: validating makes no copy of the errors so far, and gives the errors
 * plain ajv gives, in its order — with the validators compiled at run time and with the build's standalone ones.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  appendErrorsInPlace,
  schemaDocument,
  setPrecompiledValidators,
  validator,
} from '../../../src/schema/schemas.js';
import { ROOT } from '../../helpers.js';

const require = createRequire(import.meta.url);

/** ajv as the project configures it, without the change: the oracle for the errors and their order. */
function plainAjv(): ValidateFunction {
  const Ajv2020 = (
    require('ajv/dist/2020.js') as { default: new (o: object) => { compile(s: object): ValidateFunction } }
  ).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: unknown, formats: string[]) => void }).default;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
  addFormats(ajv, ['date', 'date-time', 'uri', 'email']);
  return ajv.compile(schemaDocument('inventory'));
}

/** `n` vendors with an unknown key each, and one vendor with `n` owners that lack their entity. */
function failing(n: number): unknown {
  return {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: 'Org' },
    vendors: [
      ...Array.from({ length: n }, (_, i) => ({ id: `v-${i}`, name: `Vendor ${i}`, vendorTier: 1 })),
      { id: 'owned', name: 'Owned', owners: Array.from({ length: n }, (_, i) => ({ name: `Owner ${i}`, percent: 1 })) },
    ],
  };
}

/** The errors of `fn` on `data`, and how many arrays were concatenated while it ran. */
function run(fn: ValidateFunction, data: unknown): { errors: ErrorObject[]; concats: number } {
  const concat = vi.spyOn(Array.prototype, 'concat');
  try {
    fn(data);
    return { errors: [...(fn.errors ?? [])], concats: concat.mock.calls.length };
  } finally {
    concat.mockRestore();
  }
}

afterEach(() => setPrecompiledValidators(true));

describe('schema errors gathered in place', () => {
  const validators: [string, () => ValidateFunction][] = [
    [
      'compiled at run time',
      () => {
        setPrecompiledValidators(false);
        return validator('inventory');
      },
    ],
    ['standalone, from the build', () => require(path.join(ROOT, 'dist/schema/standalone/inventory.cjs')).default],
  ];

  for (const [name, make] of validators) {
    it(`${name}: no copy of the errors so far, and plain ajv's errors in its order`, () => {
      const fn = make();
      const oracle = plainAjv();
      for (const n of [50, 400]) {
        const data = failing(n);
        const { errors, concats } = run(fn, data);
        expect(concats).toBe(0);
        // one unknown key per vendor, and two errors per owner (no entity, an unknown `name`)
        expect(errors).toHaveLength(3 * n);
        const expected = run(oracle, data);
        expect(expected.concats).toBeGreaterThan(n); // what the change removes: a copy per failing item
        expect(errors).toEqual(expected.errors);
      }
    });
  }

  it('rewrites both forms ajv writes, and nothing else', () => {
    const code =
      'a;vErrors = vErrors === null ? validate26.errors : vErrors.concat(validate26.errors);errors = vErrors.length;' +
      'vErrors = vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);b;' +
      'vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate2.errors);';
    const out = appendErrorsInPlace(code);
    expect(out).toBe(
      'a;if (vErrors === null) {vErrors = validate26.errors.slice();} else {for (const e of validate26.errors) {vErrors.push(e);}}errors = vErrors.length;' +
        'if (vErrors === null) {vErrors = wrapper0.validate.errors.slice();} else {for (const e of wrapper0.validate.errors) {vErrors.push(e);}}b;' +
        // two different functions: not ajv's form, left as it is
        'vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate2.errors);',
    );
  });
});
