/** The layout's rules, checked: no import cycle between folders of src/, and the pipeline marks its stages. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadRulePack } from '../../src/adapters/workspace.js';
import { PIPELINE_STAGES } from '../../src/model/stages.js';
import { parseText } from '../../src/parse/parse.js';
import { runCheck } from '../../src/pipeline.js';
import { ROOT } from '../helpers.js';

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** src/engine/x.ts → engine; src/pipeline.ts → pipeline.ts (a node of its own). */
function folderOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

/** Folder → folders it imports from (static, type-only and dynamic imports alike). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.ts');
      if (!target.startsWith(SRC)) continue;
      const to = folderOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return out;
}

describe('layout', () => {
  it('has no import cycle between folders of src/', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('the pure core (parse … report) never imports the adapters, the CLI or the runners', () => {
    const graph = folderGraph();
    for (const core of [
      'parse',
      'schema',
      'inventory',
      'catalog',
      'enrich',
      'engine',
      'triage',
      'score',
      'report',
      'model',
      'util',
      'pipeline.ts',
    ]) {
      for (const edge of ['adapters', 'cli', 'runner'])
        expect(graph.get(core)?.has(edge), `${core} → ${edge}`).toBeFalsy();
    }
  });

  it('runCheck marks exactly the pipeline stages, in order', async () => {
    const [{ catalog }, pack] = await Promise.all([loadCatalog(), loadRulePack()]);
    const doc = parseText(readFileSync(path.join(ROOT, 'examples', 'acme-failing.yaml'), 'utf8'), 'acme.yaml');
    const marks: string[] = [];
    runCheck({
      tool: { name: 'residency', version: 'test' },
      docs: [doc],
      catalog,
      pack,
      asOf: '2026-11-28',
      failOn: 'high',
      minScore: 0,
      configuration: {},
      timings: (stage) => marks.push(stage),
    });
    expect(marks).toEqual([...PIPELINE_STAGES]);
  });
});
