import { loadCatalog, loadRulePack } from '../adapters/workspace.js';
import { type ExampleResult, testRules } from '../engine/tester.js';

export interface RulesTestOptions {
  /** Rule files or folders; none: the bundled pack. */
  paths: readonly string[];
  catalog: readonly string[];
  asOf: string;
}

export interface RulesTestResult {
  ok: boolean;
  rules: number;
  results: ExampleResult[];
}

/** `residency rules test`: load the rules (a bad rule throws, exit 2) and run every example. */
export async function runRulesTest(options: RulesTestOptions): Promise<RulesTestResult> {
  const [{ catalog }, pack] = await Promise.all([
    loadCatalog(options.catalog),
    loadRulePack(options.paths.length > 0 ? { rules: options.paths, defaultRules: false } : {}),
  ]);
  const results = testRules(pack, { catalog, asOf: options.asOf });
  return { ok: results.every((r) => r.ok), rules: pack.rules.length, results };
}
