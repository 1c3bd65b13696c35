/**
 * The types of `check`'s settings (values only). The table that says where each one comes from (flag,
 * configuration key, default, parser) is src/cli/settings.ts; the runners take these resolved values.
 */

export interface RuleDisable {
  id: string;
  reason: string;
}

export interface RuleWeight {
  id: string;
  weight: number;
  reason: string;
}

/** The settings `residency check` takes from flags, a configuration file or its defaults. */
export interface Settings {
  format: string;
  failOn: string;
  minScore: number;
  defaultRules: boolean;
  rules: string[];
  catalog: string[];
  waivers?: string;
  baseline?: string;
  strictWaivers: boolean;
  maxInputSize: string;
  disable: RuleDisable[];
  weights: RuleWeight[];
}

export type SettingKey = keyof Settings;

/** Where a value came from: `flag`, `default`, or the path of the configuration file. */
export type Source = string;

/** Settings after precedence (flag > configuration file > default), with where each came from. */
export interface Resolved {
  settings: Settings;
  sources: Record<SettingKey, Source>;
  file?: { path: string; sha256: string };
}
