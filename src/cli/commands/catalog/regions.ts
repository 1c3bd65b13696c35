import { Args } from '@oclif/core';
import { loadCatalog } from '../../../adapters/workspace.js';
import { resolveProviderName } from '../../../catalog/build.js';
import { ResidencyError } from '../../../model/errors.js';
import { terminalSafe } from '../../../report/text.js';
import { didYouMean } from '../../../util/suggest.js';
import { BaseCommand } from '../../base.js';
import { catalogFlag } from '../../flags.js';

export default class CatalogRegions extends BaseCommand {
  static override summary = "List a provider's regions with their country and operator (keyed by provider and region).";

  static override args = {
    provider: Args.string({
      ignoreStdin: true,
      description: 'provider id or name',
      required: true,
    }),
  };

  static override enableJsonFlag = true;

  static override flags = catalogFlag;

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(CatalogRegions);
    const { catalog } = await loadCatalog(flags.catalog ?? []);
    const id = resolveProviderName(catalog, args.provider);
    const provider = id ? catalog.providers.get(id) : undefined;
    if (!provider) {
      const suggestion = didYouMean(args.provider, catalog.providers.keys());
      throw new ResidencyError('E_UNKNOWN_PROVIDER', `unknown provider '${args.provider}'`, [
        {
          code: 'E_UNKNOWN_PROVIDER',
          severity: 'error',
          message: `unknown provider '${args.provider}'`,
          hint: suggestion ? `Did you mean '${suggestion}'?` : 'Run `residency catalog providers`',
        },
      ]);
    }
    const rows = provider.regions.map((r) => ({
      id: r.id,
      name: r.name,
      country: r.country,
      operator: r.operator ? (catalog.entities.get(r.operator)?.name ?? r.operator) : undefined,
      zones: r.zones ?? [],
      status: r.status ?? 'active',
      interpretation: r.interpretation,
    }));
    const result = { provider: provider.id, source: provider.regionsSource, asOf: provider.regionsAsOf, regions: rows };
    if (this.jsonEnabled()) return result;
    process.stdout.write(
      `${provider.name} (${provider.id}) — ${provider.regionsSource}, as of ${provider.regionsAsOf}${provider.regionsPartial ? ', partial list' : ''}\n`,
    );
    const w = Math.max(...rows.map((r) => r.id.length), 2);
    for (const r of rows) {
      process.stdout.write(
        `  ${r.id.padEnd(w)}  ${r.country}  ${terminalSafe(r.name ?? '')}${r.operator ? `  operated by ${terminalSafe(r.operator)}` : ''}${r.status !== 'active' ? `  [${r.status}]` : ''}${r.interpretation ? '  (interpretation)' : ''}\n`,
      );
    }
  }
}
