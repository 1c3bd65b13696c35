// Regenerates docs/rules.md from rules/*.yaml (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { loadRulePack } from '../dist/adapters/workspace.js';
import { renderRulesDoc } from '../dist/report/rules-doc.js';

const pack = await loadRulePack();
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(pack.rules));
console.log(`docs/rules.md: ${pack.rules.length} rules`);
