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
