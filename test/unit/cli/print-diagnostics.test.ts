import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printDiagnostics } from '../../../src/cli/base.js';
import { formatDiagnostic } from '../../../src/model/errors.js';
import type { Diagnostic } from '../../../src/model/types.js';

const diagnostics: Diagnostic[] = Array.from({ length: 10_000 }, (_, i) => ({
  code: 'E_SCHEMA',
  severity: 'error',
  message: `unknown property 'note' in vendors[${i}] (expected one of id, name, country)`,
  hint: 'Remove it, or check the spelling against the schema',
  file: 'inventory.json',
  line: 1,
  column: 100 + i * 700,
}));

describe('printDiagnostics', () => {
  it('writes one located line per diagnostic, in pieces that wait for the reader', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    const printing = printDiagnostics(diagnostics, stream);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // nobody has read yet: one piece (64 KiB) is queued, not the 10,000 lines (~1.3 MB)
    const expected = diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
    expect(expected.length).toBeGreaterThan(1_000_000);
    expect(stream.writableLength).toBeLessThanOrEqual(64 * 1024);
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    await printing;
    expect(Buffer.concat(received).toString('utf8')).toBe(expected);
  });
});
