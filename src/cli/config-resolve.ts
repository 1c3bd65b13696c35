import { readConfigDocument } from '../adapters/config-files.js';
import { ResidencyError } from '../model/errors.js';
import type { Resolved, Source } from '../model/settings.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import {
  DEFAULTS,
  type RuleDisable,
  type RuleWeight,
  relativeTo,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
  type Settings,
} from './settings.js';

export { CONFIG_FILE_NAMES } from '../adapters/config-files.js';

/** The configuration given by --config, or the one found by discovery (undefined when there is none). */
export async function loadConfigFile(explicit?: string): Promise<ConfigFile | undefined> {
  const doc = await readConfigDocument(explicit);
  return doc ? parseConfig(doc) : undefined;
}

export type { Resolved, Source } from '../model/settings.js';
export type { RuleDisable, RuleWeight, SettingKey, Settings } from './settings.js';
export { DEFAULTS, FLAG_FOR, relativeTo } from './settings.js';

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

/** The settings a configuration file gives, read through the settings table (paths made relative to it). */
function fromFile(file: ConfigFile): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    let value: unknown = file.data;
    for (const part of spec.config.split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined) continue;
    if (spec.paths) {
      const rel = (p: string): string => relativeTo(file.path, p);
      value = Array.isArray(value) ? value.map(rel) : rel(value as string);
    }
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * Pure precedence: a flag the user gave > the configuration file > the default. List flags
 * (`--rules`, `--catalog`) replace the file's list rather than adding to it.
 */
export function resolveSettings(flags: Partial<Settings>, file?: ConfigFile): Resolved {
  const configured = file ? fromFile(file) : {};
  const settings = { ...DEFAULTS } as Settings;
  const sources = {} as Record<SettingKey, Source>;
  for (const key of SETTING_KEYS) {
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
