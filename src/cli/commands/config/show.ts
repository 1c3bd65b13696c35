import { Flags } from '@oclif/core';
import { defaultWaiversFile } from '../../../adapters/config-files.js';
import { BaseCommand } from '../../base.js';
import { loadConfigFile, resolveSettings } from '../../config-resolve.js';
import { FLAG_FOR, type SettingKey, settingFlags } from '../../settings.js';
import { givenFlags } from '../../workflow.js';

export default class ConfigShow extends BaseCommand {
  static override summary = 'Print the effective configuration of `check` and where each value came from.';

  static override description =
    `Precedence: a flag on the command line, then the configuration file (--config FILE, or .residencyrc.yaml in this folder or the nearest one above it), then the built-in default. Give the same flags you would give \`check\` to see their effect. The waiver file beside the inventory is only known to \`check\`; pass --waivers, or inventory files, to see it here.

Exit codes: 0 printed; 2 the configuration file is unreadable or invalid.`;

  static override examples = [
    '<%= config.bin %> config show',
    '<%= config.bin %> config show --json',
    '<%= config.bin %> config show --config ci/.residencyrc.yaml --fail-on critical',
  ];

  static override strict = false;

  static override enableJsonFlag = true;

  static override flags = {
    config: Flags.string({ description: 'configuration file (default: the nearest .residencyrc.yaml)' }),
    ...settingFlags,
  };

  async run(): Promise<unknown> {
    const { argv, flags } = await this.parse(ConfigShow);
    const configFile = await loadConfigFile(flags.config);
    const resolved = resolveSettings(givenFlags({ ...flags, json: false }), configFile);
    if (resolved.settings.waivers === undefined) {
      const found = await defaultWaiversFile(argv as string[]);
      if (found !== undefined) {
        resolved.settings.waivers = found;
        resolved.sources.waivers = 'default';
      }
    }
    const entries = (Object.keys(resolved.sources) as SettingKey[]).map((key) => ({
      key,
      flag: FLAG_FOR[key] ? `--${FLAG_FOR[key]}` : undefined,
      value: resolved.settings[key] ?? null,
      source: resolved.sources[key],
    }));
    const result = { file: resolved.file ?? null, settings: entries };
    if (this.jsonEnabled()) return result;
    const lines = [
      `configuration file: ${resolved.file ? `${resolved.file.path} (sha256 ${resolved.file.sha256})` : 'none'}`,
    ];
    const show = (v: unknown): string =>
      v === null || v === undefined
        ? '(none)'
        : Array.isArray(v)
          ? v.length === 0
            ? '[]'
            : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')
          : String(v);
    const width = Math.max(...entries.map((e) => e.key.length));
    for (const e of entries) lines.push(`${e.key.padEnd(width)}  ${show(e.value)}  (${e.source})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return result;
  }
}
