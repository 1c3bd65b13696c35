import type { LoadedRule } from '../engine/types.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function basisOf(d: LoadedRule['definition']): string {
  return d.basisFrom ? `from \`${d.basisFrom}\`` : `\`${d.basis ?? 'unknown'}\``;
}

/** docs/rules.md, generated from rule metadata (a test fails when the committed file is stale). */
export function renderRulesDoc(rules: readonly LoadedRule[]): string {
  const out: string[] = [
    '# Rules reference',
    '',
    '<!-- Generated from rules/*.yaml by `npm run docs:rules`; do not edit by hand. -->',
    '',
    `The default rule pack has ${rules.length} rules. Each rule is one YAML file in \`rules/\` (schema: \`schemas/rule.schema.json\`); its pass and fail examples run in the test suite.`,
    '',
    '| id | severity | basis | scope | regimes | title |',
    '|---|---|---|---|---|---|',
  ];
  for (const { definition: d } of rules) {
    out.push(
      `| [\`${d.id}\`](#${d.id}) | ${d.severity} | ${basisOf(d)} | ${d.scope} | ${d.regimes.join(', ') || '—'} | ${cell(d.title)} |`,
    );
  }
  for (const { definition: d } of rules) {
    out.push(
      '',
      `## ${d.id}`,
      '',
      `**${d.title}** — severity \`${d.severity}\`, scope \`${d.scope}\`${d.weight !== undefined ? `, weight ${d.weight}` : ''}.`,
      '',
    );
    if (d.description) out.push(d.description.trim(), '');
    out.push(`**Why.** ${d.rationale.trim()}`, '', `**Fix.** ${d.remediation.trim()}`, '');
    out.push(
      `**Basis.** ${basisOf(d)} (severity follows it, see docs/legal-model.md).`,
      '',
      `**Regimes.** ${d.regimes.length > 0 ? d.regimes.map((r) => `\`${r}\`${d.citations?.[r] ? ` (${d.citations[r]})` : ''}`).join(', ') : 'none (data quality)'}${d.regimesFrom ? `, as far as \`${d.regimesFrom}\` holds them` : ''}`,
      '',
    );
    out.push('**References.**', '');
    for (const r of d.references) {
      const title = r.url ? `[${r.title}](${r.url})` : r.title;
      out.push(`- ${title}${r.citation ? ` — ${r.citation}` : ''}`);
    }
    out.push(
      '',
      `**Examples.** ${d.examples.pass.length} passing, ${d.examples.fail.length} failing (see \`rules/${d.id}.yaml\`).`,
    );
  }
  return `${out.join('\n')}\n`;
}
