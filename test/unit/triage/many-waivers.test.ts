/**
 * A waiver file of more entries than a function takes arguments: every unused waiver is a warning, and the warnings
 * were appended with `push(...list)`, which throws RangeError (call stack) past ~120,000 items: `check` with 300,000
 * waivers ended in E_INTERNAL. They are appended one at a time now, and so are the lines the terminal and Markdown
 * reports make of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parse/parse.js';
import { formatMarkdown } from '../../../src/report/formatters/markdown.js';
import { formatPretty } from '../../../src/report/formatters/pretty.js';
import { triage } from '../../../src/triage/index.js';
import type { Waiver, WaiverFile } from '../../../src/triage/waivers.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs, type World } from '../run-check.js';

const MANY = 200_000;

/** MANY waivers for vendors the inventory does not have: each matches nothing. */
function waiverFile(): WaiverFile {
  const waivers: Waiver[] = Array.from({ length: MANY }, (_, i) => ({
    rule: 'assessment-overdue',
    vendor: `absent-${i}`,
    reason: 'accepted',
    approvedBy: 'ciso@example.com',
    expires: '2027-01-31',
    location: { file: 'waivers.json', line: 1, column: 1, pointer: `/waivers/${i}` },
  }));
  return { file: 'waivers.json', sha256: '0'.repeat(64), waivers };
}

let world: World;
beforeAll(async () => {
  world = await bundledWorld();
});

describe('more waivers than a function takes arguments', () => {
  it('triage warns of every unused one', () => {
    const result = triage([], { asOf: AS_OF, waivers: waiverFile() });
    expect(result.diagnostics).toHaveLength(MANY);
    expect(result.diagnostics.every((d) => d.code === 'W_WAIVER_UNUSED')).toBe(true);
    expect(result.waivers?.filter((w) => w.state === 'unused')).toHaveLength(MANY);
    const strict = triage([], { asOf: AS_OF, waivers: waiverFile(), strictWaivers: true });
    expect(strict.diagnostics.filter((d) => d.code === 'E_WAIVER_UNUSED')).toHaveLength(MANY);
    expect(strict.reasons).toEqual([`${MANY} unused waiver(s) (--strict-waivers)`]);
  });

  it('a check with them is reported in the terminal and in Markdown, a line per warning', () => {
    const file = 'examples/minimal.yaml';
    const doc = parseText(readFileSync(path.join(ROOT, file), 'utf8'), file);
    const waivers = waiverFile();
    const report = checkDocs(world, [doc], AS_OF, { triage: (findings) => triage(findings, { asOf: AS_OF, waivers }) });
    const unused = report.diagnostics.filter((d) => d.code === 'W_WAIVER_UNUSED');
    expect(unused).toHaveLength(MANY);
    const pretty = formatPretty(report, { color: false, width: 100 });
    expect(pretty).toContain(`W_WAIVER_UNUSED (${MANY})`);
    expect(pretty).toContain(`waiver for assessment-overdue on absent-${MANY - 1} matches no finding`);
    const markdown = formatMarkdown(report);
    expect(markdown).toContain(`absent-${MANY - 1}`);
  });
});
