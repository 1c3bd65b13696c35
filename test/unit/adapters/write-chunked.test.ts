import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/adapters/write.js';

describe('writeFileAtomic on large reports', () => {
  it('writes exactly the UTF-8 bytes of the string, also across slice boundaries inside a surrogate pair', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'residency-write-'));
    const chunk = 8 * 1024 * 1024;
    // an emoji (surrogate pair) straddling the first slice boundary, non-ASCII text, a lone surrogate
    const content = `${'a'.repeat(chunk - 1)}\u{1F600}${'é'.repeat(100)}${'b'.repeat(chunk)}\ud800x${'c'.repeat(10)}\u{1F600}`;
    const target = path.join(dir, 'report.json');
    await writeFileAtomic(target, content);
    const bytes = readFileSync(target);
    expect(bytes.equals(Buffer.from(content, 'utf8'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
