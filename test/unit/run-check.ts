/** The pure check on parsed documents with the bundled catalogue and rule pack, as `check` runs it (no CLI). */
import { loadCatalog, loadRulePack, TOOL } from '../../src/adapters/workspace.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { RulePack } from '../../src/engine/rules.js';
import type { ParsedDocument } from '../../src/parse/parse.js';
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

/** `check` on `docs` at AS_OF (fail-on high, no minimum score, no configuration). */
export function checkDocs(world: World, docs: ParsedDocument[], asOf = AS_OF): Report {
  return runCheck({
    tool: TOOL,
    docs,
    catalog: world.catalog,
    pack: world.pack,
    asOf,
    failOn: 'high',
    minScore: 0,
    configuration: {},
  });
}
