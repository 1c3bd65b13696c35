// What the peers share: reading their arguments and the inventory, writing sorted finding keys.
import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';

/** `node PEER INVENTORY TABLE.json OUT.keys` → { inv, table, out }. */
export function peerArgs() {
  const [file, tableFile, out] = process.argv.slice(2);
  const table = JSON.parse(readFileSync(tableFile, 'utf8'));
  const text = readFileSync(file, 'utf8');
  const inv = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  return { file, inv, table, out };
}

/** Key of one finding: rule, vendor id, service id ('' for vendor scope), data-set index ('' unless data scope). */
export const key = (rule, vendor, service, index) => `${rule}\t${vendor.id}\t${service?.id ?? ''}\t${index ?? ''}`;

export function writeKeys(out, keys) {
  writeFileSync(out, `${keys.sort().join('\n')}\n`);
}

/** Key of a Spectral result: its JSON path (vendors/i[/services/j[/data/k]]) mapped back to ids in the inventory. */
export function spectralKey(inv, code, path) {
  const vendor = inv.vendors[path[1]];
  const service = path[2] === 'services' ? vendor.services[path[3]] : undefined;
  const index = path[4] === 'data' ? Number(path[5]) : undefined;
  return key(code, vendor, service, index);
}
