// Regenerates docs/rules.md from rules/*.yaml and the facts table of docs/writing-rules.md from the fact registry
// (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadRulePack } from '../dist/adapters/workspace.js';
import { withFactsTable } from '../dist/enrich/registry.js';
import { renderRulesDoc } from '../dist/report/rules-doc.js';

const pack = await loadRulePack();
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(pack.rules));
console.log(`docs/rules.md: ${pack.rules.length} rules`);
const writing = new URL('../docs/writing-rules.md', import.meta.url);
writeFileSync(writing, withFactsTable(readFileSync(writing, 'utf8')));
console.log('docs/writing-rules.md: facts table');
