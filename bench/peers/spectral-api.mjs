// The Spectral ruleset (./spectral-ruleset.mjs) run through @stoplight/spectral-core's `Spectral` class on the
// already-parsed inventory, without the position-keeping parse the CLI does: the documented IParsedResult input
// ({ parsed: { data, diagnostics }, getLocationForJsonPath }) with a locator that returns no position.
//   node bench/peers/spectral-api.mjs INVENTORY TABLE.json OUT.keys
import { Spectral } from '@stoplight/spectral-core';
import { peerArgs, spectralKey, writeKeys } from './common.mjs';
import { makeRuleset } from './spectral-ruleset.mjs';

const { file, inv, table, out } = peerArgs();
const ruleset = makeRuleset(table);
const spectral = new Spectral();
spectral.setRuleset(ruleset);
const results = await spectral.run({
  parsed: { data: inv, diagnostics: [], ast: undefined, lineMap: undefined },
  getLocationForJsonPath: () => undefined,
  source: file,
});
const errors = results.filter((r) => !Object.hasOwn(ruleset.rules, r.code));
if (errors.length > 0) throw new Error(`spectral: ${errors.map((r) => `${r.code}: ${r.message}`).join('; ')}`);
writeKeys(
  out,
  results.map((r) => spectralKey(inv, r.code, r.path)),
);
