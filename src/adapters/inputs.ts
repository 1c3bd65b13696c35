import { promises as fs } from 'node:fs';
import { ResidencyError } from '../model/errors.js';
import { listFiles } from './files.js';

/**
 * Files named on the command line are taken as they are; a folder contributes the residency
 * inventories inside it (YAML/JSON files whose text declares `kind: Inventory`), so
 * `residency validate examples/*` skips CI workflow files and the like.
 */
export async function expandInputs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = p === '-' ? undefined : await fs.stat(p).catch(() => undefined);
    if (!stat?.isDirectory()) {
      out.push(p);
      continue;
    }
    const before = out.length;
    for (const file of await listFiles(p, ['.yaml', '.yml', '.json'])) {
      const head = await readHead(file);
      if (/\bkind\s*["']?\s*:\s*["']?Inventory\b/.test(head)) out.push(file);
    }
    if (out.length === before) {
      throw new ResidencyError('E_NO_INVENTORY', `${p}: no inventories in this folder`, [
        {
          code: 'E_NO_INVENTORY',
          severity: 'error',
          message:
            'the folder holds no residency inventory (no YAML or JSON file with kind: Inventory) and no Terraform .tf file',
          file: p,
          expected: 'a folder with inventory files or a Terraform root, or the files themselves',
          hint: 'Name the inventory, plan, CycloneDX or CSV files themselves',
        },
      ]);
    }
  }
  return out;
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
