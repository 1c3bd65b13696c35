import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFile, rereadSource, type TextBytes } from '../../../src/adapters/files.js';
import { textBytes } from '../../../src/adapters/prescan.js';
import { shelfOffsets, utf8Offsets } from '../../../src/adapters/text-offsets.js';
import { scanJson } from '../../../src/parse/json-scan.js';

/**
 * `check` drops a large ASCII JSON inventory's text once it is validated and reads pieces of the file again to
 * locate a warning inside a vendor (ParsedDocument.shelve): only from the file that was read, never another.
 */
describe('rereadSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'residency-reread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const body = `{"vendors":[${Array.from({ length: 50 }, (_, i) => `{"id":"v${i}"}`).join(',')}]}`;
  const ascii: TextBytes = { skip: 0, at: (unit) => unit, encoding: 'latin1' };

  const read = async (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const input = await readInputFile(file, { shareFrom: 0 });
    expect(input.shared).toBeDefined();
    expect(input.identity?.size).toBe(Buffer.byteLength(text));
    return { file, identity: input.identity as NonNullable<typeof input.identity> };
  };

  it('gives the characters start…end of the text, after a byte-order mark too', async () => {
    for (const [name, text, skip] of [
      ['plain.json', body, 0],
      ['bom.json', `\uFEFF${body}`, 3],
    ] as const) {
      const { file, identity } = await read(name, text);
      const source = rereadSource(file, identity, { skip, at: (unit) => unit, encoding: 'latin1' });
      expect(source(0, body.length)).toBe(body);
      expect(source(12, 23)).toBe(body.slice(12, 23));
      expect(source(body.length - 2, body.length)).toBe(']}');
    }
  });

  it('gives nothing once the file is changed, replaced or gone', async () => {
    const { file, identity } = await read('changed.json', body);
    const source = rereadSource(file, identity, ascii);
    expect(source(0, 5)).toBe(body.slice(0, 5));
    // same size, other bytes and time
    writeFileSync(file, body.replace('v1', 'w1'));
    utimesSync(file, new Date(identity.mtimeMs + 5000), new Date(identity.mtimeMs + 5000));
    expect(source(0, 5)).toBeUndefined();
    // another size
    writeFileSync(file, `${body} `);
    expect(source(0, 5)).toBeUndefined();
    rmSync(file);
    expect(source(0, 5)).toBeUndefined();
    // shorter than asked: never a piece of the wrong length
    const short = await read('short.json', body);
    expect(rereadSource(short.file, short.identity, ascii)(body.length - 3, body.length + 10)).toBeUndefined();
  });

  it('reads the pieces of a file that is not all ASCII through the offsets of its vendors, after a byte-order mark too', async () => {
    const text = JSON.stringify({
      organisation: { name: 'Société Générale 🏢' },
      vendors: Array.from({ length: 30 }, (_, i) => ({ id: `v${i}`, name: `Zürich ${'€'.repeat(i % 4)} 😀 ${i}` })),
    });
    const scan = scanJson(text, 256);
    const offsets = utf8Offsets(text, shelfOffsets(scan, text.length));
    for (const bom of [false, true]) {
      const { file, identity } = await read(bom ? 'unicode-bom.json' : 'unicode.json', bom ? `\uFEFF${text}` : text);
      const bytes = textBytes(new Uint8Array(Buffer.from(bom ? `\uFEFF${text}` : text)), text.length, {
        ascii: false,
        utf8: offsets,
      });
      expect(bytes?.encoding).toBe('utf8');
      const source = rereadSource(file, identity, bytes as TextBytes);
      const starts = scan.vendors?.vendorOffsets as Int32Array;
      for (let v = 0; v + 1 < starts.length; v++)
        expect(source(starts[v], starts[v + 1])).toBe(text.slice(starts[v], starts[v + 1]));
      expect(source(0, text.length)).toBe(text);
      // an offset the table does not have (inside a vendor) is not guessed at
      expect(source(starts[3] + 1, starts[4])).toBeUndefined();
    }
    // without the worker's table a non-ASCII text has no way back to its bytes
    expect(textBytes(new Uint8Array(Buffer.from(text)), text.length, undefined)).toBeUndefined();
  });
});
