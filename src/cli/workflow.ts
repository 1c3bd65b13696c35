import type { Resolved, Settings } from '../model/settings.js';
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

/**
 * Flags + configuration file (--config, or the nearest .residencyrc.yaml) → the settings the check runner
 * takes, with the input size limit parsed (a bad size is a usage error naming where it came from).
 */
export async function resolveCheckSettings(options: {
  flags: WorkflowFlags;
  metadata?: FlagMetadata;
}): Promise<{ resolved: Resolved; maxBytes: number }> {
  const configFile = await loadConfigFile(options.flags.config);
  const resolved = resolveSettings(givenFlags(options.flags, options.metadata), configFile);
  return { resolved, maxBytes: sizeSetting(resolved.settings.maxInputSize, resolved.sources.maxInputSize) };
}
