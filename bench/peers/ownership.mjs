// The one piece of per-vendor logic that no rule language of the peers expresses directly: the ownership-chain walk
// (controlling prefix, indirect adversary ownership, covered person under 28 CFR 202.211), written once by hand from
// the static reference table. json-rules-engine and json-logic-js get its result as facts computed once per vendor by
// their adapters; Spectral calls it inside its custom functions; hand-written JavaScript calls it as a function.
// No imports: the Spectral CLI bundles this file into its ruleset.

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
        chain.push({
          country: l.country,
          percent: l.percent,
          adv: adversary.has(l.country) || (i === 0 && adversary.has(ppob)),
        });
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
