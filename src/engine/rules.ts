import { createHash } from 'node:crypto';
import { hasErrors, isResidencyError, ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import { pushAll } from '../util/arrays.js';
import { checkFactPaths } from './check-facts.js';
import { type CompiledRule, compileRule } from './compile.js';
import type { LoadedRule, RuleDefinition } from './types.js';

export interface RulePack {
  rules: LoadedRule[];
  compiled: CompiledRule[];
  version: string;
  sha256: string;
  diagnostics: Diagnostic[];
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.(ya?ml|json)$/i, '');
}

/**
 * Validate rule documents against schemas/rule.schema.json and compile them once to closures.
 * A rule file whose id differs from its file name, a duplicate id or an invalid condition is a located
 * error: the pack is refused as a whole (exit 2) before anything is evaluated.
 */
export function buildRulePack(
  docs: readonly { doc: ParsedDocument; bundled: boolean }[],
  options: { version: string; disabled?: ReadonlySet<string> },
): RulePack {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, LoadedRule>();
  for (const { doc, bundled } of docs) {
    const errors = validate('rule', doc.data);
    if (errors.length > 0) {
      pushAll(diagnostics, ajvToDiagnostics(errors, doc, 'E_RULE'));
      continue;
    }
    const definition = doc.data as RuleDefinition;
    const expected = baseName(doc.file);
    if (definition.id !== expected) {
      const pos = doc.locate('/id') ?? { line: 1, column: 1 };
      diagnostics.push({
        code: 'E_RULE',
        severity: 'error',
        message: `rule id '${definition.id}' does not match its file name`,
        file: doc.file,
        ...pos,
        pointer: '/id',
        expected: `'${expected}'`,
        hint: `Rename the file to ${definition.id}.yaml or set id: ${expected}`,
      });
      continue;
    }
    const problems = checkFactPaths(definition);
    if (problems.length > 0) {
      for (const p of problems) {
        diagnostics.push({
          code: 'E_RULE_FACT',
          severity: 'error',
          message: `rule ${definition.id}: ${p.message}`,
          file: doc.file,
          ...(doc.locate(p.pointer) ?? { line: 1, column: 1 }),
          pointer: p.pointer,
          expected: p.expected,
          hint: p.hint,
        });
      }
      continue;
    }
    const previous = byId.get(definition.id);
    if (previous && !previous.bundled === !bundled) {
      const pos = doc.locate('/id') ?? { line: 1, column: 1 };
      diagnostics.push({
        code: 'E_DUPLICATE_ID',
        severity: 'error',
        message: `rule '${definition.id}' is defined twice (also in ${previous.file})`,
        file: doc.file,
        ...pos,
        hint: 'Give one of the rules another id',
      });
      continue;
    }
    if (previous) {
      diagnostics.push({
        code: 'W_RULE_OVERRIDE',
        severity: 'warning',
        message: `rule '${definition.id}' from ${doc.file} replaces the bundled rule`,
        file: doc.file,
        line: 1,
        column: 1,
      });
    }
    byId.set(definition.id, { definition, file: doc.file, sha256: doc.sha256, bundled, locate: doc.locate });
  }
  const rules = [...byId.values()]
    .filter((r) => !options.disabled?.has(r.definition.id))
    .sort((a, b) => (a.definition.id < b.definition.id ? -1 : 1));
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    try {
      compiled.push(compileRule(rule.definition, rule.file));
    } catch (error) {
      if (!isResidencyError(error)) throw error;
      const doc = docs.find((d) => d.doc.file === rule.file)?.doc;
      const pos = doc?.locate('/when') ?? { line: 1, column: 1 };
      diagnostics.push({ code: error.code, severity: 'error', message: error.message, file: rule.file, ...pos });
    }
  }
  if (hasErrors(diagnostics)) {
    throw new ResidencyError('E_RULE', 'invalid rules', diagnostics);
  }
  const digest = createHash('sha256');
  for (const rule of rules) digest.update(`${rule.definition.id}\0${rule.sha256}\n`);
  return { rules, compiled, version: options.version, sha256: digest.digest('hex'), diagnostics };
}
