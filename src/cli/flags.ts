/**
 * Flag groups shared by several commands (no command imports from another command), and the parsers of
 * their KEY=VALUE values. Sizes, dates and paths are parsed by src/cli/settings.ts.
 */
import { Flags } from '@oclif/core';
import { STAGES } from '../adapters/perf.js';
import { IMPORT_FORMATS, type ImportFormat } from '../importers/common.js';
import { ResidencyError } from '../model/errors.js';
import type { ImportInputOptions } from '../runner/inputs.js';
import { awsFlags } from './aws-flags.js';

/** Where and how `check` writes its report. */
export const checkOutputFlags = {
  report: Flags.string({
    description:
      'also write the report in FORMAT to PATH (atomically), e.g. --report sarif=residency.sarif (repeatable; formats: pretty, json, sarif, junit, markdown, html, csv)',
    multiple: true,
    multipleNonGreedy: true,
  }),
  output: Flags.string({
    char: 'o',
    description: 'write the report to this file (atomically) instead of standard output',
  }),
  quiet: Flags.boolean({ char: 'q', description: 'print only the verdict line', default: false }),
  verbose: Flags.boolean({
    char: 'v',
    description:
      'pretty format: show the evidence, location, regimes and fix under every finding (default: one line each)',
    default: false,
  }),
  color: Flags.boolean({ description: 'colour output (--no-color, or NO_COLOR, turns it off)', allowNo: true }),
  sign: Flags.string({
    description: 'sign the JSON report with this Ed25519 private key (PEM); needs --format json',
  }),
  'junit-max-tests': Flags.string({
    description:
      'keep the JUnit report within about this many test cases (e.g. 50000: CI systems such as GitLab refuse very large ones); passing and not-applicable targets are then counted in one test case per rule, and the other cases listed most important first as far as they fit',
  }),
  'sarif-max-results': Flags.string({
    description:
      'write at most this many SARIF results (GitHub code scanning rejects a run of more than 25,000): the open findings first, the most severe first',
  }),
  'markdown-max-size': Flags.string({
    description:
      'keep the Markdown report within this size (e.g. 1000KiB: GitHub drops a step summary over 1 MiB); the summary is always written, then as many findings as fit, open ones first, and a note of the rest',
  }),
};

/** `check --aws-identity` with the AWS connection flags, and `--timings`. */
export const checkAwsFlags = {
  'aws-identity': Flags.string({
    description:
      'record the AWS identity (STS GetCallerIdentity) in the report and check its account is in organisation.awsAccounts; --aws-identity=optional carries on if STS fails',
    options: ['required', 'optional'],
    helpGroup: 'AWS',
  }),
  ...awsFlags,
  timings: Flags.boolean({
    description: `print per-stage timings and heap use (${STAGES.join(', ')}) to standard error`,
    default: false,
  }),
};

/** The extra catalogue files of `catalog *`, `rules test`. */
export const catalogFlag = {
  catalog: Flags.string({
    description: 'extra catalogue file or folder (repeatable)',
    multiple: true,
    multipleNonGreedy: true,
  }),
};

/** How importer inputs are read: shared by import, check and validate. */
export const importFlags = {
  var: Flags.string({
    description: 'set a Terraform root variable (repeatable), as terraform -var does: --var region=cn-beijing',
    multiple: true,
    multipleNonGreedy: true,
  }),
  'var-file': Flags.string({
    description:
      'read Terraform root variables from a .tfvars or .tfvars.json file (repeatable), after terraform.tfvars and *.auto.tfvars',
    multiple: true,
    multipleNonGreedy: true,
  }),
  'input-format': Flags.string({
    description: 'read every input as this format instead of detecting it',
    options: [...IMPORT_FORMATS],
  }),
  organisation: Flags.string({
    description: 'organisation name for imported inventories (default "Imported inventory")',
  }),
  map: Flags.string({
    description:
      'override a mapping (repeatable): classification.PHI=health (CycloneDX/tag labels), or name=Supplier (CSV column)',
    multiple: true,
    multipleNonGreedy: true,
  }),
  subprocessors: Flags.boolean({
    description: 'treat CSV inputs as sub-processor lists (each row processes personal data)',
    default: false,
  }),
};

/** The parsed values of {@link importFlags}. */
export interface ImportFlagValues {
  var?: string[];
  'var-file'?: string[];
  'input-format'?: string;
  organisation?: string;
  map?: string[];
  subprocessors?: boolean;
}

/** {@link importFlags} → the runners' import options (a malformed --map or --var is a usage error). */
export function importOptionsFromFlags(flags: ImportFlagValues): ImportInputOptions {
  return {
    format: flags['input-format'] as ImportFormat | undefined,
    varFiles: flags['var-file'],
    organisation: flags.organisation,
    map: parseMapFlags(flags.map),
    subprocessors: flags.subprocessors === true,
    vars: parseVarFlags(flags.var),
  };
}

/** `--map a=b` entries → record; a malformed entry is a usage error. */
export function parseMapFlags(entries: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0) {
      throw new ResidencyError('E_USAGE', `--map '${entry}' is not KEY=VALUE`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--map '${entry}' is not KEY=VALUE`,
          expected: 'classification.LABEL=category or FIELD=Header (fields: name, location, purpose, website, parent)',
        },
      ]);
    }
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}

/** `--var NAME=VALUE` entries, in order. */
export function parseVarFlags(entries: readonly string[] | undefined): { name: string; value: string }[] {
  return (entries ?? []).map((entry) => {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_][\w-]*$/.test(name)) {
      throw new ResidencyError('E_USAGE', `--var '${entry}' is not NAME=VALUE`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--var '${entry}' is not NAME=VALUE`,
          expected: 'a Terraform variable name, = and its value (region=cn-beijing)',
        },
      ]);
    }
    return { name, value: entry.slice(at + 1) };
  });
}
