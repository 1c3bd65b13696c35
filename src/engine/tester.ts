import type { Catalog } from '../catalog/types.js';
import { awsFacts } from '../enrich/aws.js';
import { enrich } from '../enrich/enrich.js';
import { loadInventory } from '../inventory/validate.js';
import { errorsOf } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { pushAll } from '../util/arrays.js';
import type { CompiledRule } from './compile.js';
import { evaluate } from './evaluate.js';
import type { RulePack } from './rules.js';
import type { LoadedRule, RuleExample, RuleOutcome } from './types.js';

/** The result of one `examples.pass[i]` or `examples.fail[i]` of a rule (ESLint's RuleTester, conftest verify). */
export interface ExampleResult {
  ruleId: string;
  file: string;
  /** The rule must pass (no failing target) or fail (at least one failing target) on the example. */
  expect: 'pass' | 'fail';
  index: number;
  name?: string;
  /** JSON pointer of the example in the rule file, and where that is. */
  pointer: string;
  line?: number;
  column?: number;
  ok: boolean;
  /** Why it is not ok. */
  problem?: string;
  outcome?: Pick<RuleOutcome, 'pass' | 'fail' | 'not_applicable' | 'error'>;
  /** Problems in the example's inventory (it must be a valid inventory). */
  diagnostics: Diagnostic[];
}

export interface TestOptions {
  catalog: Catalog;
  /** "Today" for examples without their own `asOf`. */
  asOf: string;
}

/** A rule's example inventory as a document located inside the rule file. */
function exampleDocument(rule: LoadedRule, pointer: string, inventory: unknown): ParsedDocument {
  return {
    file: rule.file,
    format: 'json',
    data: inventory,
    sha256: rule.sha256,
    locate: (p, key) => rule.locate?.(`${pointer}/inventory${p}`, key),
  };
}

function runExample(
  rule: LoadedRule,
  compiled: CompiledRule,
  example: RuleExample,
  expect: 'pass' | 'fail',
  index: number,
  options: TestOptions,
): ExampleResult {
  const pointer = `/examples/${expect}/${index}`;
  const base = {
    ruleId: rule.definition.id,
    file: rule.file,
    expect,
    index,
    name: example.name,
    pointer,
    ...rule.locate?.(pointer),
  };
  const loaded = loadInventory([exampleDocument(rule, pointer, example.inventory)], options.catalog);
  const errors = errorsOf(loaded.diagnostics);
  if (errors.length > 0) {
    return { ...base, ok: false, problem: 'the example is not a valid inventory', diagnostics: errors };
  }
  const enriched = enrich(loaded.inventory, options.catalog, {
    asOf: example.asOf ?? options.asOf,
    aws: awsFacts(example.aws, loaded.inventory.organisation.awsAccounts ?? []),
  });
  const evaluation = evaluate(enriched, [compiled], { recordTargets: true });
  const [outcome] = evaluation.outcomes;
  const counts = {
    pass: outcome.pass,
    fail: outcome.fail,
    not_applicable: outcome.not_applicable,
    error: outcome.error,
  };
  let problem: string | undefined;
  if (outcome.error > 0) problem = `the rule failed to evaluate: ${outcome.errors?.[0] ?? 'error'}`;
  else if (expect === 'fail' && outcome.fail === 0)
    problem = `expected the rule to fail, but it did not fail on any target (${outcome.pass} passed, ${outcome.not_applicable} not applicable)`;
  else if (expect === 'fail' && example.basis && !evaluation.findings.some((f) => f.basis === example.basis)) {
    const got = [...new Set(evaluation.findings.map((f) => f.basis))].join(', ');
    problem = `expected a finding with basis ${example.basis}, but the findings have basis ${got}`;
  } else if (expect === 'pass' && outcome.fail > 0) {
    const failed = outcome.targets?.find((t) => t.status === 'fail');
    problem = `expected the rule to pass, but it failed on ${outcome.fail} target(s)${failed ? `, first ${failed.target}: ${failed.message}` : ''}`;
  }
  return { ...base, ok: problem === undefined, problem, outcome: counts, diagnostics: [] };
}

/** Run every example of the given rules of a pack (all of them by default). Pure. */
export function testRules(
  pack: Pick<RulePack, 'rules' | 'compiled'>,
  options: TestOptions,
  which: (rule: LoadedRule) => boolean = () => true,
): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const rule of pack.rules) {
    if (!which(rule)) continue;
    const compiled = pack.compiled.find((c) => c.definition === rule.definition);
    if (!compiled) continue;
    const { pass, fail } = rule.definition.examples;
    for (const [i, example] of pass.entries()) results.push(runExample(rule, compiled, example, 'pass', i, options));
    for (const [i, example] of fail.entries()) results.push(runExample(rule, compiled, example, 'fail', i, options));
  }
  return results;
}

/** Failed examples as located errors (`validate --rules`, `check --rules`: a rule whose examples fail is refused). */
export function exampleDiagnostics(results: readonly ExampleResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of results) {
    if (r.ok) continue;
    out.push({
      code: 'E_RULE_EXAMPLE',
      severity: 'error',
      message: `rule ${r.ruleId}: ${r.expect} example ${r.name ? `'${r.name}'` : r.index + 1}: ${r.problem}`,
      file: r.file,
      line: r.line,
      column: r.column,
      pointer: r.pointer,
      hint:
        r.diagnostics.length > 0
          ? 'Fix the example inventory (see the errors below)'
          : 'Fix the rule or the example: a rule whose examples do not hold may not check what it claims',
    });
    pushAll(out, r.diagnostics);
  }
  return out;
}

/**
 * The examples of the user's rules (not the bundled pack, whose examples run in the test suite) as errors:
 * `validate --rules` and `check --rules` refuse a rule whose own examples do not hold.
 */
export function userRuleExampleDiagnostics(
  pack: Pick<RulePack, 'rules' | 'compiled'>,
  options: TestOptions,
): Diagnostic[] {
  return exampleDiagnostics(testRules(pack, options, (rule) => !rule.bundled));
}
