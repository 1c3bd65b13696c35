import { FACTS, factInfo, scopesOf } from '../enrich/registry.js';
import { didYouMean } from '../util/suggest.js';
import { PLACEHOLDER } from './compile.js';
import type { Condition, RuleDefinition } from './types.js';

/** A problem in a rule document, at a JSON pointer into it. */
export interface RuleProblem {
  pointer: string;
  message: string;
  expected?: string;
  hint?: string;
}

const FACT_LIST = 'the facts are listed in docs/writing-rules.md';

/**
 * Every fact path the rule reads (conditions, evidence, regimesFrom, message placeholders) must be in the
 * fact registry and have a value in the rule's scope; otherwise the rule could never fail (or never pass).
 */
export function checkFactPaths(definition: RuleDefinition): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const use = (path: string, pointer: string, what: string): void => {
    const info = factInfo(path);
    if (!info) {
      const suggestion = didYouMean(path, Object.keys(FACTS));
      problems.push({
        pointer,
        message: `${what} '${path}' is not a known fact`,
        expected: 'a fact path',
        hint: suggestion ? `Did you mean '${suggestion}'? (${FACT_LIST})` : `Use one of the facts: ${FACT_LIST}`,
      });
      return;
    }
    if (!scopesOf(path).includes(definition.scope)) {
      problems.push({
        pointer,
        message: `${what} '${path}' has no value in a rule of scope '${definition.scope}'`,
        expected: `a fact available to scope '${definition.scope}'`,
        hint: `Set scope to one of ${scopesOf(path).join(', ')}, or read another fact`,
      });
      return;
    }
    if (what === 'basisFrom' && info.type.replace(/\?$/, '') !== 'string') {
      problems.push({
        pointer,
        message: `basisFrom '${path}' is a ${info.type}, not a basis`,
        expected: 'a fact of type string such as data.dsp.basis',
        hint: `Point basisFrom at a basis fact (${FACT_LIST})`,
      });
    }
    if (what === 'regimesFrom' && info.type.replace(/\?$/, '') !== 'string[]') {
      problems.push({
        pointer,
        message: `regimesFrom '${path}' is a ${info.type}, not a list of regimes`,
        expected: 'a fact of type string[] such as service.control.regimes',
        hint: `Point regimesFrom at a regimes fact (${FACT_LIST})`,
      });
    }
  };
  const walk = (condition: Condition, pointer: string): void => {
    if ('all' in condition) {
      for (const [i, c] of condition.all.entries()) walk(c, `${pointer}/all/${i}`);
    } else if ('any' in condition) {
      for (const [i, c] of condition.any.entries()) walk(c, `${pointer}/any/${i}`);
    } else if ('not' in condition) walk(condition.not, `${pointer}/not`);
    else use(condition.fact, `${pointer}/fact`, 'fact');
  };
  if (definition.appliesWhen) walk(definition.appliesWhen, '/appliesWhen');
  walk(definition.when, '/when');
  for (const [i, path] of (definition.evidence ?? []).entries()) use(path, `/evidence/${i}`, 'evidence');
  if (definition.regimesFrom) use(definition.regimesFrom, '/regimesFrom', 'regimesFrom');
  if (definition.basisFrom) use(definition.basisFrom, '/basisFrom', 'basisFrom');
  if (definition.severityFrom) use(definition.severityFrom, '/severityFrom', 'severityFrom');
  for (const m of definition.message.matchAll(PLACEHOLDER)) use(m[1], '/message', 'placeholder');
  return problems;
}
