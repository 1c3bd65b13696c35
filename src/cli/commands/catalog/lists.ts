import { loadCatalog } from '../../../adapters/workspace.js';
import { terminalSafe } from '../../../report/text.js';
import { BaseCommand } from '../../base.js';
import { catalogFlag } from '../../flags.js';

export default class CatalogLists extends BaseCommand {
  static override summary =
    'List the restricted lists with their category, severity, what membership means for a buyer of services, ownership rule and dated effects.';

  static override enableJsonFlag = true;

  static override flags = catalogFlag;

  async run(): Promise<unknown> {
    const { flags } = await this.parse(CatalogLists);
    const { catalog } = await loadCatalog(flags.catalog ?? []);
    const lists = [...catalog.lists.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const members = new Map<string, number>();
    for (const entity of catalog.entities.values())
      for (const m of entity.lists ?? []) members.set(m.list, (members.get(m.list) ?? 0) + 1);
    const rows = lists.map((l) => ({
      id: l.id,
      name: l.name,
      category: l.category,
      severity: l.severity,
      buyerConsequence: l.buyerConsequence,
      ownershipRule: l.ownershipRule,
      effectiveDates: l.effectiveDates ?? [],
      members: members.get(l.id) ?? 0,
      citation: l.citation,
      source: l.source,
      asOf: l.asOf,
      interpretation: l.interpretation,
    }));
    if (this.jsonEnabled()) return rows;
    for (const r of rows) {
      const out = [`${r.id}  ${r.severity}  ${r.category}  ${terminalSafe(r.name)} (${r.members} catalogue member(s))`];
      out.push(`  buyer: ${terminalSafe(r.buyerConsequence)}`);
      const rule = r.ownershipRule;
      if (rule) {
        const suspended = rule.suspended
          ? `; suspended from ${rule.suspended.from}${rule.suspended.until ? ` to ${rule.suspended.until}` : ''}`
          : '';
        out.push(
          `  owned ${rule.percent} % or more${rule.aggregate ? ' (in aggregate)' : ''} by members counts as listed: ${terminalSafe(rule.citation)}${suspended}`,
        );
      }
      for (const e of r.effectiveDates) out.push(`  from ${e.from}: ${terminalSafe(e.effect)}`);
      if (r.interpretation) out.push(`  interpretation: ${terminalSafe(r.interpretation)}`);
      process.stdout.write(`${out.join('\n')}\n`);
    }
  }
}
