import { defaultWaiversFile, loadBaseline, loadWaiverFile } from '../adapters/config-files.js';
import type { RulePack } from '../engine/rules.js';
import type { Finding, RuleDefinition } from '../engine/types.js';
import type { Diagnostic } from '../model/types.js';
import type { Baseline } from '../triage/baseline.js';
import { type TriageResult, triage } from '../triage/index.js';
import type { WaiverFile } from '../triage/waivers.js';
import type { ConfigFile, Resolved, Settings } from './config-resolve.js';
import { loadConfigFile, resolveSettings } from './config-resolve.js';
import { SETTING_KEYS, SETTINGS, sizeSetting } from './settings.js';

/** The check flags that a configuration file can default, as oclif parsed them (keyed by flag name). */
export type WorkflowFlags = { config?: string; json?: boolean } & Record<string, unknown>;

/** oclif's parse metadata: which flags were filled in from their defaults (not given by the user). */
export type FlagMetadata = { flags: Record<string, { setFromDefault?: boolean } | undefined> };

/** Only the flags the user really gave (a default filled in by oclif must not beat the config file). */
export function givenFlags(flags: WorkflowFlags, metadata?: FlagMetadata): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const key of SETTING_KEYS) {
    const flag = SETTINGS[key].flag;
    if (!flag || metadata?.flags[flag]?.setFromDefault) continue;
    const value = key === 'format' && flags.json ? 'json' : flags[flag];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export interface Workflow extends Resolved {
  configFile?: ConfigFile;
  waivers?: WaiverFile;
  baselineFile?: Baseline;
  /** Disabled rule ids, for loadRulePack. */
  disabled: ReadonlySet<string>;
  maxBytes: number;
}

/** Resolve flags + configuration file, then load the waiver file and baseline they name. */
export async function prepareWorkflow(options: {
  flags: WorkflowFlags;
  metadata?: FlagMetadata;
  files: readonly string[];
  asOf: string;
}): Promise<Workflow> {
  const configFile = await loadConfigFile(options.flags.config);
  const resolved = resolveSettings(givenFlags(options.flags, options.metadata), configFile);
  const { settings, sources } = resolved;
  if (settings.waivers === undefined) {
    const found = await defaultWaiversFile(options.files);
    if (found !== undefined) {
      settings.waivers = found;
      sources.waivers = 'default';
    }
  }
  const maxBytes = sizeSetting(settings.maxInputSize, sources.maxInputSize);
  const [waivers, baselineFile] = await Promise.all([
    settings.waivers !== undefined ? loadWaiverFile(settings.waivers, options.asOf) : undefined,
    settings.baseline !== undefined ? loadBaseline(settings.baseline) : undefined,
  ]);
  return {
    ...resolved,
    configFile,
    waivers,
    baselineFile,
    disabled: new Set(settings.disable.map((d) => d.id)),
    maxBytes,
  };
}

/**
 * The pack with the configuration's rule weights applied: new rule objects, the loaded (and cached) pack is
 * left as it was. Unknown ids are warnings.
 */
export function applyWeights(
  pack: RulePack,
  workflow: Pick<Workflow, 'settings' | 'sources'>,
): {
  pack: RulePack;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const weights = new Map<string, number>();
  for (const w of workflow.settings.weights) {
    if (pack.rules.some((r) => r.definition.id === w.id)) weights.set(w.id, w.weight);
    else
      diagnostics.push({
        code: 'W_CONFIG_UNKNOWN_RULE',
        severity: 'warning',
        message: `rules.weights names '${w.id}', which is not in the rule pack`,
        file: workflow.sources.weights,
        hint: 'Check the rule id with `residency rules list`',
      });
  }
  if (weights.size === 0) return { pack, diagnostics };
  const reweighted = new Map<RuleDefinition, RuleDefinition>();
  const weigh = (definition: RuleDefinition): RuleDefinition => {
    const weight = weights.get(definition.id);
    if (weight === undefined) return definition;
    let copy = reweighted.get(definition);
    if (!copy) {
      copy = { ...definition, weight };
      reweighted.set(definition, copy);
    }
    return copy;
  };
  return {
    pack: {
      ...pack,
      rules: pack.rules.map((r) => (weights.has(r.definition.id) ? { ...r, definition: weigh(r.definition) } : r)),
      compiled: pack.compiled.map((c) =>
        weights.has(c.definition.id) ? { ...c, definition: weigh(c.definition) } : c,
      ),
    },
    diagnostics,
  };
}

/** What the JSON report records about the effective configuration (everything that changes the result). */
export function configurationRecord(workflow: Workflow): Record<string, unknown> {
  const s = workflow.settings;
  return {
    failOn: s.failOn,
    minScore: s.minScore,
    rules: s.rules,
    defaultRules: s.defaultRules,
    catalog: s.catalog,
    disabledRules: s.disable,
    ruleWeights: s.weights,
    waivers: workflow.waivers ? { path: workflow.waivers.file, sha256: workflow.waivers.sha256 } : null,
    baseline: workflow.baselineFile ? { path: workflow.baselineFile.file, sha256: workflow.baselineFile.sha256 } : null,
    strictWaivers: s.strictWaivers,
    source: workflow.file ?? null,
    sources: Object.fromEntries(
      Object.entries(workflow.sources).filter(([key]) => key !== 'format' && key !== 'maxInputSize'),
    ),
  };
}

/** The runCheck triage hook for this workflow, with any configuration warnings. */
export function triageHook(
  workflow: Workflow,
  asOf: string,
  extraDiagnostics: Diagnostic[] = [],
): (findings: Finding[]) => TriageResult {
  return (findings) => {
    const result = triage(findings, {
      asOf,
      waivers: workflow.waivers,
      baseline: workflow.baselineFile,
      strictWaivers: workflow.settings.strictWaivers,
    });
    result.diagnostics.unshift(...extraDiagnostics);
    return result;
  };
}
