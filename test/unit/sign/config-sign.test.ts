import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConfigFile } from '../../../src/adapters/config-files.js';
import { parseConfig, resolveSettings } from '../../../src/cli/config-resolve.js';
import { givenFlags } from '../../../src/cli/workflow.js';
import type { ResidencyError } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';
import { canonicalJson, compareInputs, keyIdOf, signReport, verifyReport } from '../../../src/sign/sign.js';

const CONFIG = `failOn: critical
minScore: 40
catalog: [catalog/extra.yaml]
waivers: ./waivers.yaml
rules:
  paths: [rules]
  disable:
    - id: assessment-overdue
      reason: tracked in the GRC tool
  weights:
    - id: provider-held-keys
      weight: 2
      reason: keys are our main control
`;

describe('configuration', () => {
  it('flag > config file > default, with the source of each value', () => {
    const file = parseConfig(parseText(CONFIG, 'ci/.residencyrc.yaml'));
    const r = resolveSettings({ failOn: 'low' }, file);
    expect(r.settings.failOn).toBe('low');
    expect(r.sources.failOn).toBe('flag');
    expect(r.settings.minScore).toBe(40);
    expect(r.sources.minScore).toBe('ci/.residencyrc.yaml');
    expect(r.settings.format).toBe('pretty');
    expect(r.sources.format).toBe('default');
    expect(r.settings.disable).toEqual([{ id: 'assessment-overdue', reason: 'tracked in the GRC tool' }]);
    expect(r.settings.weights[0]).toMatchObject({ id: 'provider-held-keys', weight: 2 });
    expect(r.file).toEqual({ path: 'ci/.residencyrc.yaml', sha256: file.sha256 });
  });

  it('resolves paths in the file relative to the file, and list flags replace the file list', () => {
    const file = parseConfig(parseText(CONFIG, 'ci/.residencyrc.yaml'));
    const fromFile = resolveSettings({}, file).settings;
    expect(fromFile.catalog).toEqual(['ci/catalog/extra.yaml']);
    expect(fromFile.rules).toEqual(['ci/rules']);
    expect(fromFile.waivers).toEqual('ci/waivers.yaml');
    expect(resolveSettings({ rules: ['mine'] }, file).settings.rules).toEqual(['mine']);
  });

  it('ignores oclif defaults so that they do not beat the file', () => {
    const given = givenFlags(
      { 'fail-on': 'high', 'min-score': 0, 'default-rules': true, json: false, 'max-input-size': '512MB' },
      {
        flags: {
          'fail-on': { setFromDefault: true },
          'min-score': { setFromDefault: true },
          'default-rules': { setFromDefault: true },
          'max-input-size': { setFromDefault: true },
        },
      },
    );
    expect(given).toEqual({});
    expect(givenFlags({ json: true, 'fail-on': 'low' }, { flags: {} })).toEqual({ format: 'json', failOn: 'low' });
  });

  it('a weight or disable without a reason is a located error', () => {
    const bad = 'rules:\n  weights:\n    - id: provider-held-keys\n      weight: 2\n';
    let error: ResidencyError | undefined;
    try {
      parseConfig(parseText(bad, '.residencyrc.yaml'));
    } catch (e) {
      error = e as ResidencyError;
    }
    expect(error?.diagnostics[0]).toMatchObject({ code: 'E_CONFIG', file: '.residencyrc.yaml', line: 3, column: 7 });
    expect(error?.diagnostics[0].message).toContain("missing required property 'reason'");
    expect(() => parseConfig(parseText('failOn: hihg\n', 'c.yaml'))).toThrow(/invalid configuration/);
  });

  describe('discovery', () => {
    const cwd = process.cwd();
    afterEach(() => process.chdir(cwd));

    it('finds .residencyrc.yaml in the nearest folder upward, and nothing above the root', async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'residency-cfg-'));
      mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
      writeFileSync(path.join(root, 'a', '.residencyrc.yaml'), 'failOn: low\n');
      process.chdir(path.join(root, 'a', 'b', 'c'));
      expect(await findConfigFile()).toBe('../../.residencyrc.yaml');
      writeFileSync(path.join(root, 'a', 'b', '.residencyrc.yaml'), 'failOn: low\n');
      expect(await findConfigFile()).toBe('../.residencyrc.yaml');
      expect(await findConfigFile(root)).toBeUndefined();
    });
  });
});

describe('canonical JSON and signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('sorts keys at every level and drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('signs and verifies; key order and an old signature do not matter', () => {
    const report = { summary: { score: 40 }, inputs: [{ path: 'a.yaml', sha256: 'x' }] };
    const signed = signReport(report, privateKey);
    expect(signed.signature.algorithm).toBe('ed25519');
    expect(signed.signature.keyId).toBe(keyIdOf(publicKey));
    expect(signed.signature.keyId).toMatch(/^[0-9a-f]{16}$/);
    const reparsed = JSON.parse(
      JSON.stringify({ inputs: signed.inputs, signature: signed.signature, summary: signed.summary }),
    );
    expect(verifyReport(reparsed, publicKey)).toEqual({ ok: true, keyId: keyIdOf(publicKey) });
  });

  it('detects tampering, a wrong key and an unsigned report', () => {
    const signed = signReport({ summary: { score: 40 } }, privateKey) as Record<string, unknown>;
    const tampered = { ...signed, summary: { score: 41 } };
    expect(verifyReport(tampered, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyReport(signed, other)).toMatchObject({ ok: false, reason: 'key-mismatch' });
    expect(verifyReport({ summary: {} }, publicKey)).toMatchObject({ ok: false, reason: 'unsigned' });
  });

  it('compares input digests by path', () => {
    const recorded = [{ path: 'inv/a.yaml', sha256: '1' }];
    expect(
      compareInputs(recorded, [
        { path: './inv/a.yaml', sha256: '1' },
        { path: 'inv/a.yaml', sha256: '2' },
        { path: 'b.yaml', sha256: '3' },
      ]).map((c) => c.status),
    ).toEqual(['ok', 'changed', 'not-in-report']);
  });
});
