import path from 'node:path';
import { Flags } from '@oclif/core';
import { parseSize } from '../adapters/files.js';
import { ResidencyError } from '../model/errors.js';
import type { SettingKey, Settings } from '../model/settings.js';
import { SEVERITIES } from '../model/types.js';
import { FORMATS } from '../report/formatters/index.js';
import { isValidDate } from '../util/dates.js';

export type { RuleDisable, RuleWeight, SettingKey, Settings } from '../model/settings.js';

export interface SettingSpec {
  /** The command-line flag (without `--`); none for settings only a configuration file can give. */
  flag?: string;
  /** Where the configuration file (schemas/config.schema.json) holds it, dotted. */
  config: string;
  /** The built-in default (none: unset). */
  default?: unknown;
  /** A path (or list of paths): relative to the configuration file's folder when it comes from there. */
  paths?: boolean;
  /** What it means (flag help). */
  description: string;
}

/**
 * THE settings table: every setting that a flag, the configuration file and `config show` share, with its
 * flag, configuration key and default. Config resolution (config-resolve.ts), `config show`, the flags of
 * `check` and `config show` (settingFlags below) and the JSON report's configuration record all read it;
 * test/unit/cli/settings.test.ts checks it against schemas/config.schema.json. Order = `config show` order.
 */
export const SETTINGS: Readonly<Record<SettingKey, SettingSpec>> = {
  format: {
    flag: 'format',
    config: 'format',
    default: 'pretty',
    description: 'format for standard output (default pretty; colour only on a terminal)',
  },
  failOn: {
    flag: 'fail-on',
    config: 'failOn',
    default: 'high',
    description: 'lowest severity that fails the run (exit 1)',
  },
  minScore: {
    flag: 'min-score',
    config: 'minScore',
    default: 0,
    description: 'fail (exit 1) when the organisation score is below this',
  },
  defaultRules: {
    flag: 'default-rules',
    config: 'defaultRules',
    default: true,
    description: 'use the bundled rule pack (--no-default-rules drops it)',
  },
  rules: {
    flag: 'rules',
    config: 'rules.paths',
    default: [],
    paths: true,
    description: 'extra rule file or folder (repeatable)',
  },
  catalog: {
    flag: 'catalog',
    config: 'catalog',
    default: [],
    paths: true,
    description: 'extra catalogue file or folder that adds or overrides entries (repeatable)',
  },
  strictWaivers: {
    flag: 'strict-waivers',
    config: 'strictWaivers',
    default: false,
    description: 'a waiver that matches no finding fails the run (exit 1) instead of warning',
  },
  maxInputSize: {
    flag: 'max-input-size',
    config: 'maxInputSize',
    default: '512MB',
    description: 'refuse input files larger than this (e.g. 512MB)',
  },
  disable: { config: 'rules.disable', default: [], description: 'rules switched off, each with a reason' },
  weights: { config: 'rules.weights', default: [], description: 'rule weights in the score, each with a reason' },
  waivers: {
    flag: 'waivers',
    config: 'waivers',
    paths: true,
    description: 'waiver file (default: .residency-waivers.yaml beside the first inventory, when present)',
  },
  baseline: {
    flag: 'baseline',
    config: 'baseline',
    paths: true,
    description: 'a previous JSON report: findings already in it are reported as existing and do not fail the run',
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The defaults, from the table. */
export const DEFAULTS = Object.fromEntries(
  SETTING_KEYS.filter((k) => SETTINGS[k].default !== undefined).map((k) => [k, SETTINGS[k].default]),
) as unknown as Settings;

/** The flag that sets each setting (disable and weights only come from a configuration file). */
export const FLAG_FOR: Partial<Record<SettingKey, string>> = Object.fromEntries(
  SETTING_KEYS.filter((k) => SETTINGS[k].flag).map((k) => [k, SETTINGS[k].flag]),
);

const FAIL_ON = [...SEVERITIES, 'never'];

function help(key: SettingKey): string {
  const d = SETTINGS[key].default;
  const shown = Array.isArray(d) || d === undefined || key === 'format' ? '' : ` (default: ${d})`;
  return `${SETTINGS[key].description}${shown}`;
}

/**
 * The oclif flags of the settings (check and config show), keyed by flag name. No oclif defaults: an absent
 * flag leaves the setting to the configuration file, then to the table's default.
 */
export const settingFlags = {
  format: Flags.string({ char: 'f', description: help('format'), options: [...FORMATS] }),
  'fail-on': Flags.string({ description: help('failOn'), options: FAIL_ON }),
  'min-score': Flags.integer({ description: help('minScore'), min: 0, max: 100 }),
  rules: Flags.string({ description: help('rules'), multiple: true, multipleNonGreedy: true }),
  'default-rules': Flags.boolean({ description: help('defaultRules'), allowNo: true }),
  catalog: Flags.string({ description: help('catalog'), multiple: true, multipleNonGreedy: true }),
  waivers: Flags.string({ description: help('waivers') }),
  'strict-waivers': Flags.boolean({ description: help('strictWaivers') }),
  baseline: Flags.string({ description: help('baseline') }),
  'max-input-size': Flags.string({ description: help('maxInputSize') }),
};

/** `--max-input-size` alone (validate, import): the same flag, default and parser as check's. */
export const maxInputSizeFlag = { 'max-input-size': settingFlags['max-input-size'] };

/** What a size setting is called and what to say when it is not a size. */
interface SizeSpec {
  /** How the error names it ("max input size", "--markdown-max-size"). */
  name: string;
  /** Where the value came from, when it could come from more than one place. */
  source?: string;
  expected: string;
  hint?: string;
  /** 0 is not a size either. */
  positive?: boolean;
}

/**
 * The one size parser for every setting: `512MB`, `1.5GiB`, `1000KiB`, `1024` → bytes; anything else is a usage
 * error (exit 2) naming the setting and where its value came from.
 */
function sizeOf(text: string, spec: SizeSpec): number {
  const bytes = parseSize(text);
  if (bytes !== undefined && (!spec.positive || bytes > 0)) return bytes;
  const title = `${spec.name} '${text}' is not a size`;
  throw new ResidencyError('E_USAGE', title, [
    {
      code: 'E_USAGE',
      severity: 'error',
      message: spec.source === undefined ? title : `${spec.name} '${text}' (from ${spec.source}) is not a size`,
      expected: spec.expected,
      ...(spec.hint ? { hint: spec.hint } : {}),
    },
  ]);
}

/** The input size limit (`--max-input-size`, `maxInputSize`, or its default) in bytes. */
export function sizeSetting(value: string | undefined, source = 'flag'): number {
  const text = value ?? (SETTINGS.maxInputSize.default as string);
  return sizeOf(text, { name: 'max input size', source, expected: 'a size such as 512MB' });
}

/** `--markdown-max-size` in bytes (undefined when not given). */
export function markdownSizeSetting(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return sizeOf(value, {
    name: '--markdown-max-size',
    expected: 'a size such as 1000KiB or 65536',
    hint: 'GitHub takes up to 1 MiB in a step summary and 65,536 characters in a comment: --markdown-max-size 1000KiB',
    positive: true,
  });
}

/** `--junit-max-tests` (undefined when not given): a whole number of test cases, at least 1. */
export function junitTestsSetting(value: string | undefined): number | undefined {
  return countSetting(value, {
    flag: '--junit-max-tests',
    what: 'a number of test cases',
    example: '50000',
    hint: 'CI systems limit the JUnit reports they parse (GitLab, Buildkite): --junit-max-tests 50000',
  });
}

/** `--sarif-max-results` (undefined when not given): a whole number of results, at least 1. */
export function sarifResultsSetting(value: string | undefined): number | undefined {
  return countSetting(value, {
    flag: '--sarif-max-results',
    what: 'a number of results',
    example: '25000',
    hint: 'GitHub code scanning rejects a SARIF run of more than 25,000 results: --sarif-max-results 25000',
  });
}

/** A count flag: a whole number of at least 1, else a usage error (exit 2) naming the flag. */
function countSetting(
  value: string | undefined,
  spec: { flag: string; what: string; example: string; hint: string },
): number | undefined {
  if (value === undefined) return undefined;
  if (/^[1-9]\d*$/.test(value.trim()) && Number.isSafeInteger(Number(value))) return Number(value);
  const title = `${spec.flag} '${value}' is not ${spec.what}`;
  throw new ResidencyError('E_USAGE', title, [
    {
      code: 'E_USAGE',
      severity: 'error',
      message: title,
      expected: `a whole number of at least 1, such as ${spec.example}`,
      hint: spec.hint,
    },
  ]);
}

/** The one path rule for settings: a path written in a configuration file is relative to the file's folder. */
export function relativeTo(configPath: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(path.dirname(configPath), p);
}

/** Today's date (UTC), the default for `--as-of`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The one date parser for every command: `--as-of DATE` (default: today), or a usage error (exit 2). */
export function asOfSetting(value: string | undefined): string {
  const asOf = value ?? today();
  if (!isValidDate(asOf)) {
    throw new ResidencyError('E_USAGE', `--as-of '${asOf}' is not a date`, [
      {
        code: 'E_USAGE',
        severity: 'error',
        message: `--as-of '${asOf}' is not a valid date`,
        expected: 'YYYY-MM-DD',
      },
    ]);
  }
  return asOf;
}
