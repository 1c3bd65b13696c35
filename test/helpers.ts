import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AS_OF = '2026-11-28';

/** YAML files below `dir`, recursively, sorted. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return yamlFiles(file);
      return /\.ya?ml$/.test(name) ? [file] : [];
    })
    .sort();
}

/** Hand `text` to `feed` in the pieces that start at `cuts` (each taken modulo the text's length + 1), in order. */
export function feedInPieces(text: string, cuts: readonly number[], feed: (piece: string) => void): void {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, text.length]) {
    feed(text.slice(from, to));
    from = to;
  }
}
