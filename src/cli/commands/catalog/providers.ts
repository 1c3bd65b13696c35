import { loadCatalog } from '../../../adapters/workspace.js';
import { enrich } from '../../../enrich/enrich.js';
import type { Inventory } from '../../../model/types.js';
import { terminalSafe } from '../../../report/text.js';
import { BaseCommand } from '../../base.js';
import { catalogFlag } from '../../flags.js';
import { today } from '../../settings.js';

export default class CatalogProviders extends BaseCommand {
  static override summary =
    'List the catalogue providers: region count, contracting entity and who ultimately controls it (as check resolves it).';

  static override enableJsonFlag = true;

  static override flags = catalogFlag;

  async run(): Promise<unknown> {
    const { flags } = await this.parse(CatalogProviders);
    const { catalog } = await loadCatalog(flags.catalog ?? []);
    const providers = [...catalog.providers.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    // who controls each provider, resolved exactly as check resolves it (one probe service per provider)
    const probe: Inventory = {
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: 'catalogue' },
      vendors: [
        { id: 'probe', name: 'probe', country: 'US', services: providers.map((p) => ({ id: p.id, provider: p.id })) },
      ],
    };
    const controls = new Map(
      enrich(probe, catalog, { asOf: today() }).vendors[0].services.map((s) => [s.facts.id, s.facts.provider.control]),
    );
    const rows = providers.map((p) => {
      const entity = catalog.entities.get(p.entity);
      const control = controls.get(p.id);
      return {
        id: p.id,
        name: p.name,
        entity: entity?.name ?? p.entity,
        country: entity?.principalPlaceOfBusiness ?? entity?.country,
        controller: control?.controller,
        controllerCountry: control?.country,
        regions: p.regions.length,
        partial: p.regionsPartial === true,
        source: p.source,
        asOf: p.asOf,
      };
    });
    if (this.jsonEnabled()) return rows;
    const w = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) {
      const controlled =
        r.controller && r.controller !== r.entity
          ? `, controlled by ${terminalSafe(r.controller)}${r.controllerCountry ? ` (${r.controllerCountry})` : ''}`
          : r.controller
            ? ''
            : ', controller unknown';
      process.stdout.write(
        `${r.id.padEnd(w)}  ${String(r.regions).padStart(3)} region(s)${r.partial ? ' (partial)' : '          '}  ${terminalSafe(r.name)} — ${terminalSafe(r.entity)}${r.country ? ` (${r.country})` : ''}${controlled}\n`,
      );
    }
  }
}
