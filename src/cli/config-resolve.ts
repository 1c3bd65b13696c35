import path from 'node:path';
import { ResidencyError } from '../model/errors.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';

/** File names looked for from the current folder upward. */
export const CONFIG_FILE_NAMES = ['.residencyrc.yaml', '.residencyrc.yml'] as const;

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

export const DEFAULTS: Settings = {
  format: 'pretty',
  failOn: 'high',
  minScore: 0,
  defaultRules: true,
  rules: [],
  catalog: [],
  strictWaivers: false,
  maxInputSize: '512MB',
  disable: [],
  weights: [],
};

/** The flag that sets each setting (disable and weights only come from a configuration file). */
export const FLAG_FOR: Partial<Record<SettingKey, string>> = {
  format: 'format',
  failOn: 'fail-on',
  minScore: 'min-score',
  defaultRules: 'default-rules',
  rules: 'rules',
  catalog: 'catalog',
  waivers: 'waivers',
  baseline: 'baseline',
  strictWaivers: 'strict-waivers',
  maxInputSize: 'max-input-size',
};

export interface ConfigFile {
  /** Path as displayed (relative to the working folder when found by discovery). */
  path: string;
  sha256: string;
  data: RawConfig;
}

interface RawConfig {
  format?: string;
  failOn?: string;
  minScore?: number;
  defaultRules?: boolean;
  catalog?: string[];
  waivers?: string;
  baseline?: string;
  strictWaivers?: boolean;
  maxInputSize?: string;
  rules?: { paths?: string[]; disable?: RuleDisable[]; weights?: RuleWeight[] };
}

/** Validate a configuration document (schemas/config.schema.json); located errors, exit 2. */
export function parseConfig(doc: ParsedDocument): ConfigFile {
  const data = doc.data ?? {};
  const errors = validate('config', data);
  if (errors.length > 0) {
    throw new ResidencyError(
      'E_CONFIG',
      `${doc.file}: invalid configuration`,
      ajvToDiagnostics(errors, doc, 'E_CONFIG'),
    );
  }
  const raw = data as RawConfig;
  const seen = new Map<string, number>();
  const dup = (list: { id: string }[] | undefined, key: string): void => {
    seen.clear();
    (list ?? []).forEach((item, i) => {
      if (seen.has(item.id)) {
        const pointer = `/rules/${key}/${i}/id`;
        throw new ResidencyError('E_CONFIG', `${doc.file}: duplicate rule id`, [
          {
            code: 'E_CONFIG',
            severity: 'error',
            message: `rules.${key} lists '${item.id}' twice`,
            file: doc.file,
            ...(doc.locate(pointer) ?? { line: 1, column: 1 }),
            pointer,
            hint: 'Keep one entry per rule',
          },
        ]);
      }
      seen.set(item.id, i);
    });
  };
  dup(raw.rules?.disable, 'disable');
  dup(raw.rules?.weights, 'weights');
  return { path: doc.file, sha256: doc.sha256, data: raw };
}

/** Resolve a path written in the configuration file relative to the folder that holds the file. */
export function relativeTo(configPath: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(path.dirname(configPath), p);
}

function fromFile(file: ConfigFile): Partial<Settings> {
  const d = file.data;
  const rel = (p: string): string => relativeTo(file.path, p);
  const out: Partial<Settings> = {};
  if (d.format !== undefined) out.format = d.format;
  if (d.failOn !== undefined) out.failOn = d.failOn;
  if (d.minScore !== undefined) out.minScore = d.minScore;
  if (d.defaultRules !== undefined) out.defaultRules = d.defaultRules;
  if (d.rules?.paths !== undefined) out.rules = d.rules.paths.map(rel);
  if (d.catalog !== undefined) out.catalog = d.catalog.map(rel);
  if (d.waivers !== undefined) out.waivers = rel(d.waivers);
  if (d.baseline !== undefined) out.baseline = rel(d.baseline);
  if (d.strictWaivers !== undefined) out.strictWaivers = d.strictWaivers;
  if (d.maxInputSize !== undefined) out.maxInputSize = d.maxInputSize;
  if (d.rules?.disable !== undefined) out.disable = d.rules.disable;
  if (d.rules?.weights !== undefined) out.weights = d.rules.weights;
  return out;
}

export interface Resolved {
  settings: Settings;
  sources: Record<SettingKey, Source>;
  file?: { path: string; sha256: string };
}

/**
 * Pure precedence: a flag the user gave > the configuration file > the default. List flags
 * (`--rules`, `--catalog`) replace the file's list rather than adding to it.
 */
export function resolveSettings(flags: Partial<Settings>, file?: ConfigFile): Resolved {
  const configured = file ? fromFile(file) : {};
  const settings = { ...DEFAULTS } as Settings;
  const sources = {} as Record<SettingKey, Source>;
  const keys = new Set<SettingKey>([...(Object.keys(DEFAULTS) as SettingKey[]), 'waivers', 'baseline']);
  for (const key of keys) {
    if (flags[key] !== undefined) {
      (settings as unknown as Record<string, unknown>)[key] = flags[key];
      sources[key] = 'flag';
    } else if (configured[key] !== undefined && file) {
      (settings as unknown as Record<string, unknown>)[key] = configured[key];
      sources[key] = file.path;
    } else {
      sources[key] = 'default';
    }
  }
  return { settings, sources, ...(file ? { file: { path: file.path, sha256: file.sha256 } } : {}) };
}
