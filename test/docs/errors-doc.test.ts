/**
 * docs/errors.md documents every error and warning code the tool can emit, and no code path exits
 * with a status other than 0, 1 or 2.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

const files = sources(path.join(ROOT, 'src'));
const doc = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');

/** code → first place it is used. */
function codesIn(pattern: RegExp): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      if (!found.has(m[1])) found.set(m[1], `${path.relative(ROOT, file)}:${line}`);
    }
  }
  return found;
}

describe('docs/errors.md', () => {
  it('documents every error/warning code used as a string literal in src/', () => {
    const codes = codesIn(/['"`]((?:E|W)_[A-Z0-9_]+)['"`]/g);
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter(([code]) => !doc.includes(`\`${code}\``)).map(([c, at]) => `${c} (${at})`);
    expect(missing, `undocumented codes: add them to docs/errors.md`).toEqual([]);
  });

  it('documents codes printed inside messages too (`error E_INTERNAL: …`)', () => {
    const codes = codesIn(/\b(?:error|warning) ((?:E|W)_[A-Z0-9_]+):/g);
    const missing = [...codes].filter(([code]) => !doc.includes(`\`${code}\``)).map(([c, at]) => `${c} (${at})`);
    expect(missing).toEqual([]);
  });

  it('lists the three exit codes', () => {
    for (const code of ['0', '1', '2']) expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });
});

describe('exit statuses in src/', () => {
  it('never calls process.exit with a literal other than 0, 1 or 2', () => {
    const bad: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/process\.exit\(\s*([^)]*)\)/g)) {
        const arg = m[1].trim();
        if (/^\d+$/.test(arg) && !['0', '1', '2'].includes(arg)) {
          bad.push(`${path.relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length} process.exit(${arg})`);
        }
      }
      for (const m of text.matchAll(/process\.exitCode\s*=\s*(\d+)/g)) {
        if (!['0', '1', '2'].includes(m[1])) bad.push(`${path.relative(ROOT, file)} process.exitCode = ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('EXIT constants are 0, 1, 2', async () => {
    const { EXIT } = await import('../../src/model/errors.js');
    expect(EXIT).toEqual({ OK: 0, FAIL: 1, ERROR: 2 });
  });
});
