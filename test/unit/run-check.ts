/** The pure check on parsed documents with the bundled catalogue and rule pack, as `check` runs it (no CLI). */
import { loadCatalog, loadRulePack, TOOL } from '../../src/adapters/workspace.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { RulePack } from '../../src/engine/rules.js';
import type { Finding } from '../../src/engine/types.js';
import { enrich } from '../../src/enrich/enrich.js';
import type { EnrichedInventory } from '../../src/enrich/types.js';
import { loadInventory } from '../../src/inventory/validate.js';
import { type ParsedDocument, parseText } from '../../src/parse/parse.js';
import { runCheck } from '../../src/pipeline.js';
import type { Report } from '../../src/report/types.js';
import { AS_OF } from '../helpers.js';

export interface World {
  catalog: Catalog;
  pack: RulePack;
}

/** The bundled catalogue and rule pack, read the way `check` reads them. */
export async function bundledWorld(): Promise<World> {
  const [{ catalog }, pack] = await Promise.all([loadCatalog([]), loadRulePack({})]);
  return { catalog, pack };
}

/** An inventory's text validated (it must be valid) and enriched at AS_OF with the bundled catalogue. */
export async function enrichedText(text: string, file: string): Promise<EnrichedInventory> {
  const { catalog } = await bundledWorld();
  const loaded = loadInventory([parseText(text, file)], catalog);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file} is not a valid inventory: ${JSON.stringify(errors)}`);
  return enrich(loaded.inventory, catalog, { asOf: AS_OF, locate: loaded.locate });
}

/**
 * `check` on `docs` at AS_OF (fail-on high, no minimum score, no configuration); `more`: other options of the
 * pipeline (a triage hook, the tool's version, a hook for released documents).
 */
export function checkDocs(
  world: World,
  docs: ParsedDocument[],
  asOf = AS_OF,
  more: Partial<Parameters<typeof runCheck>[0]> = {},
): Report {
  return runCheck({
    tool: TOOL,
    docs,
    catalog: world.catalog,
    pack: world.pack,
    asOf,
    failOn: 'high',
    minScore: 0,
    configuration: {},
    ...more,
  });
}

/**
 * `check` on generated documents (tool version 0.0.0), `triaged`: every third finding waived and every third in a
 * baseline, what triage does to a finding.
 */
export function checkTriaged(world: World, docs: { text: string; file: string }[], triaged: boolean): Report {
  const parsed = docs.map((d) => parseText(d.text, d.file));
  return checkDocs(world, parsed, AS_OF, {
    tool: { name: 'residency', version: '0.0.0' },
    triage: triaged
      ? (findings: Finding[]) => ({
          findings: findings.map((f, i) =>
            i % 3 === 1
              ? { ...f, status: 'waived' as const, waiver: { reason: 'r', approvedBy: 'a', expires: '2027-01-01' } }
              : i % 3 === 2
                ? { ...f, status: 'existing' as const }
                : f,
          ),
        })
      : undefined,
  });
}
