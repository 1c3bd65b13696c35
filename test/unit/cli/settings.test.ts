/** The settings table (src/cli/settings.ts) is the one place a setting is defined: check it against its users. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Check from '../../../src/cli/commands/check.js';
import ConfigShow from '../../../src/cli/commands/config/show.js';
import Import from '../../../src/cli/commands/import.js';
import Validate from '../../../src/cli/commands/validate.js';
import { resolveSettings } from '../../../src/cli/config-resolve.js';
import { asOfSetting, DEFAULTS, SETTING_KEYS, SETTINGS, settingFlags, sizeSetting } from '../../../src/cli/settings.js';
import { isResidencyError } from '../../../src/model/errors.js';
import { validate } from '../../../src/schema/schemas.js';
import { ROOT } from '../../helpers.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  type?: string;
}

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8')) as SchemaNode;

/** `failOn`, `rules.paths`, …: every configuration key the schema allows (bar apiVersion / kind). */
function schemaKeys(): string[] {
  const keys: string[] = [];
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    if (name === 'apiVersion' || name === 'kind') continue;
    if (node.properties) for (const sub of Object.keys(node.properties)) keys.push(`${name}.${sub}`);
    else keys.push(name);
  }
  return keys.sort();
}

function schemaNode(key: string): SchemaNode {
  let node: SchemaNode = schema;
  for (const part of key.split('.')) node = node.properties?.[part] as SchemaNode;
  return node;
}

/** `{ rules: { paths: x } }` for 'rules.paths'. */
function configWith(key: string, value: unknown): Record<string, unknown> {
  const [head, sub] = key.split('.');
  return sub ? { [head]: { [sub]: value } } : { [head]: value };
}

describe('settings table', () => {
  it('names exactly the keys of schemas/config.schema.json', () => {
    expect(SETTING_KEYS.map((k) => SETTINGS[k].config).sort()).toEqual(schemaKeys());
  });

  it('has defaults the schema accepts, and flag options equal to the schema enums', () => {
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      if (spec.default !== undefined)
        expect(validate('config', configWith(spec.config, spec.default)), key).toEqual([]);
      const node = schemaNode(spec.config);
      const flag = spec.flag ? (settingFlags as Record<string, { options?: readonly string[] }>)[spec.flag] : undefined;
      if (node.enum) expect(flag?.options, key).toEqual(node.enum);
    }
    expect(resolveSettings({}).settings).toEqual(DEFAULTS);
  });

  it('gives every flag-settable setting one flag, shared by check and config show', () => {
    const flagNames = SETTING_KEYS.flatMap((k) => (SETTINGS[k].flag ? [SETTINGS[k].flag] : []));
    expect(Object.keys(settingFlags).sort()).toEqual([...flagNames].sort());
    for (const command of [Check, ConfigShow]) {
      for (const name of flagNames)
        expect((command.flags as Record<string, unknown>)[name as string], `${command.name} --${name}`).toBe(
          (settingFlags as Record<string, unknown>)[name as string],
        );
    }
    // and --max-input-size is the same flag in every command that reads files
    for (const command of [Validate, Import]) {
      expect(command.flags['max-input-size']).toBe(settingFlags['max-input-size']);
    }
  });

  it('parses sizes once, for every command, and refuses what is not a size (exit 2)', () => {
    expect(sizeSetting(undefined)).toBe(512 * 1024 * 1024);
    expect(sizeSetting('1KB')).toBe(1024);
    expect(sizeSetting('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    const pattern = new RegExp((schemaNode('maxInputSize') as { pattern?: string }).pattern ?? '');
    for (const text of ['512MB', '1KB', '10', '1.5 GiB', 'bogus', '12 parsecs', '']) {
      let parsed: boolean;
      try {
        sizeSetting(text || 'x');
        parsed = true;
      } catch (error) {
        expect(isResidencyError(error) && error.code === 'E_USAGE').toBe(true);
        parsed = false;
      }
      // the configuration file's schema and the flag parser agree on what a size is
      expect(pattern.test(text || 'x'), text).toBe(parsed);
    }
  });

  it('parses dates once (--as-of), and no command has a size, date or path parser of its own', () => {
    expect(asOfSetting('2026-02-28')).toBe('2026-02-28');
    expect(() => asOfSetting('2026-02-30')).toThrow(/not a date/);
    const commands = path.join(ROOT, 'src', 'cli', 'commands');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) =>
        statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)],
      );
    for (const file of files(commands)) {
      const text = readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      expect(text, name).not.toMatch(
        /parseSize\(|isValidDate\(|Date\.parse\(|new Date\(|path\.(resolve|join)\(|from 'node:path'/,
      );
      // a command with --as-of or --max-input-size parses it with the settings' parser
      if (text.includes("'as-of'")) expect(text, name).toMatch(/asOfSetting\(flags\['as-of'\]\)/);
      if (text.includes('maxInputSizeFlag')) expect(text, name).toMatch(/sizeSetting\(flags\['max-input-size'\]\)/);
      // no command imports from another command
      expect(text, name).not.toMatch(/from '\.\/[^']+\.js'/);
    }
  });
});
