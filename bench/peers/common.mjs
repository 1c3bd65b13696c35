// What every peer shares: reading its arguments and the inventory, writing sorted keys, and the one piece of
// per-vendor logic that no rule language here expresses directly: the ownership-chain walk (controlling prefix,
// indirect adversary ownership, covered person under 28 CFR 202.211). Each peer calls it the way a user of that
// tool would: json-rules-engine as a computed fact, json-logic-js as a custom operation, Spectral inside its
// custom function, hand-written JavaScript as a function.
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

/**
 * (vendor) → { covered, adversary, adversaryLinked } from the vendor's declared country, principal place of business
 * and ownership chain (nearest first, with percentages), using the table's country lists. Vendor and owner names
 * are not looked up in the catalogue's entities (the generated inventories name none; residency does).
 */
export function ownershipTest(table) {
  const adversary = new Set(table.adversaryCountries);
  const coc = new Set(table.cocCountries);
  const threshold = table.ownershipPercent;
  return (vendor) => {
    const links = vendor.ownership ?? [];
    const ppob = vendor.principalPlaceOfBusiness;
    const chain = [];
    if (links.length === 0) {
      const country = ppob ?? vendor.country;
      if (country) chain.push({ country, adv: adversary.has(vendor.country) || adversary.has(ppob) });
    } else {
      for (let i = 0; i < links.length; i++) {
        const l = links[i];
        chain.push({ country: l.country, percent: l.percent, adv: adversary.has(l.country) || (i === 0 && adversary.has(ppob)) });
      }
    }
    // controlling prefix: stop before the first owner holding a known share below 50 %
    let end = chain.length;
    for (let i = 1; i < chain.length; i++) {
      if (chain[i].percent !== undefined && chain[i].percent < 50) {
        end = i;
        break;
      }
    }
    let controlAdversary = false;
    for (let i = 0; i < end; i++) if (chain[i].adv) controlAdversary = true;
    let linked = false;
    // indirect adversary ownership multiplies down the chain
    let owned = 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      if (chain[i].adv) {
        owned = 100;
        linked = true;
      } else if (i < chain.length - 1) owned = (owned * (chain[i + 1].percent ?? 100)) / 100;
      else owned = 0;
    }
    const covered =
      coc.has(vendor.country) ||
      coc.has(ppob) ||
      coc.has(chain[0]?.country) ||
      Math.round(owned * 100) / 100 >= threshold;
    return { covered, adversary: controlAdversary, adversaryLinked: linked };
  };
}
