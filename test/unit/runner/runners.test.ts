/** The runners are plain functions: options in, result out, output through the io they are given (no oclif). */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/cli/settings.js';
import { isResidencyError } from '../../../src/model/errors.js';
import type { Resolved, SettingKey } from '../../../src/model/settings.js';
import { runCheckCommand } from '../../../src/runner/check.js';
import { runImport } from '../../../src/runner/import.js';
import { runValidate } from '../../../src/runner/validate.js';
import { AS_OF } from '../../helpers.js';

const MAX = 512 * 1024 * 1024;

function resolved(overrides: Partial<Resolved['settings']> = {}): Resolved {
  const sources = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, 'default'])) as Record<SettingKey, string>;
  return { settings: { ...DEFAULTS, ...overrides }, sources };
}

function io() {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const stderr: string[] = [];
  return { io: { stdout, stderr: (t: string) => stderr.push(t) }, out: () => Buffer.concat(chunks).toString(), stderr };
}

describe('runners as a library', () => {
  it('runCheckCommand writes the report to the io it is given and returns the exit code and report', async () => {
    const sink = io();
    const result = await runCheckCommand(
      { files: ['examples/acme-failing.yaml'], asOf: AS_OF, resolved: resolved({ format: 'json' }), maxBytes: MAX },
      sink.io,
    );
    expect(result.exitCode).toBe(1);
    const printed = JSON.parse(sink.out());
    expect(printed.summary.score).toBe(result.report.summary.score);
    expect(printed.configuration.failOn).toBe('high');
  });

  it('runCheckCommand: --fail-on never passes the same inventory (exit 0)', async () => {
    const sink = io();
    const result = await runCheckCommand(
      { files: ['examples/acme-failing.yaml'], asOf: AS_OF, resolved: resolved({ failOn: 'never' }), maxBytes: MAX },
      sink.io,
    );
    expect(result.exitCode).toBe(0);
    expect(sink.out()).toContain('score');
  });

  it('runCheckCommand: bad input throws a located ResidencyError (the command maps it to exit 2)', async () => {
    const error = await runCheckCommand(
      { files: ['test/fixtures/invalid/typos.yaml'], asOf: AS_OF, resolved: resolved(), maxBytes: MAX },
      io().io,
    ).catch((e: unknown) => e);
    expect(isResidencyError(error)).toBe(true);
    expect(isResidencyError(error) && error.diagnostics[0]).toMatchObject({ code: 'E_SCHEMA', line: 8, column: 18 });
  });

  it('runValidate returns the diagnostics; --strict turns warnings into errors', async () => {
    const loose = await runValidate({ files: ['test/fixtures/invalid/typos.yaml'], asOf: AS_OF, maxBytes: MAX });
    expect(loose.valid).toBe(false);
    expect(loose.diagnostics.map((d) => d.code)).toContain('W_UNKNOWN_REGION');
    const clean = await runValidate({ files: ['examples/acme-clean.yaml'], asOf: AS_OF, maxBytes: MAX });
    expect(clean).toEqual({ valid: true, diagnostics: [] });
  });

  it('runImport and runCheckCommand refuse the same schema-breaking import', async () => {
    const imported = await runImport({
      files: ['examples/import/plan.json'],
      maxBytes: MAX,
      import: { organisation: '' },
    }).catch((e: unknown) => e);
    const checked = await runCheckCommand(
      {
        files: ['examples/import/plan.json'],
        asOf: AS_OF,
        resolved: resolved(),
        maxBytes: MAX,
        import: { organisation: '' },
      },
      io().io,
    ).catch((e: unknown) => e);
    for (const error of [imported, checked]) {
      expect(isResidencyError(error)).toBe(true);
      expect(isResidencyError(error) && error.diagnostics.map((d) => [d.code, d.pointer])).toContainEqual([
        'E_IMPORT_INVALID',
        '/organisation/name',
      ]);
    }
  });
});
