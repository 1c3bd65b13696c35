import { loadCatalog } from '../../../adapters/workspace.js';
import { terminalSafe } from '../../../report/text.js';
import { BaseCommand } from '../../base.js';
import { catalogFlags } from '../../catalog-flags.js';

export default class CatalogProviders extends BaseCommand {
  static override summary = 'List the catalogue providers with their controlling entity and region count.';

  static override flags = catalogFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(CatalogProviders);
    const { catalog } = await loadCatalog(flags.catalog ?? []);
    const rows = [...catalog.providers.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((p) => {
        const entity = catalog.entities.get(p.entity);
        return {
          id: p.id,
          name: p.name,
          entity: entity?.name ?? p.entity,
          country: entity?.principalPlaceOfBusiness ?? entity?.country,
          regions: p.regions.length,
          partial: p.regionsPartial === true,
          source: p.source,
          asOf: p.asOf,
        };
      });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const w = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) {
      process.stdout.write(
        `${r.id.padEnd(w)}  ${String(r.regions).padStart(3)} region(s)${r.partial ? ' (partial)' : '          '}  ${terminalSafe(r.name)} — ${terminalSafe(r.entity)}${r.country ? ` (${r.country})` : ''}\n`,
      );
    }
  }
}
