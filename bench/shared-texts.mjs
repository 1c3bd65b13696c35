// What a report that wrote shared texts once would weigh (issue 13: "a report should not be much larger than its
// input"): a measurement for the decision on report schema 4.0.0, not a format residency writes.
//
//   node bench/shared-texts.mjs REPORT.json INPUT.json
//
// Rewrites a 3.0.0 report in memory: every evidence text quoted more than once (by findings, or as a vendor's
// control sentence) is written once in a top-level `texts` list and referred to by its index, and a message that
// quotes one of its own finding's evidence texts (of 80 characters or more) writes `{k}` in its place. Prints the
// report's size over its input's before and after, both as one `JSON.stringify` in UTF-8 bytes.
import { readFileSync, statSync } from 'node:fs';

const [reportFile, inputFile] = process.argv.slice(2);
if (!reportFile || !inputFile) {
  console.error('usage: node bench/shared-texts.mjs REPORT.json INPUT.json');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const before = Buffer.byteLength(JSON.stringify(report));
const input = statSync(inputFile).size;

const uses = new Map();
const use = (text) => uses.set(text, (uses.get(text) ?? 0) + 1);
for (const f of report.findings) for (const e of f.evidence ?? []) use(e);
for (const v of report.vendors) if (v.controlEvidence) use(v.controlEvidence);

const texts = [];
const at = new Map();
const refer = (text) => {
  if ((uses.get(text) ?? 0) < 2) return text;
  if (!at.has(text)) {
    at.set(text, texts.length);
    texts.push(text);
  }
  return at.get(text);
};
let placeholders = 0;
for (const f of report.findings) {
  const evidence = f.evidence ?? [];
  evidence.forEach((e, k) => {
    if (e.length >= 80 && typeof f.message === 'string' && f.message.includes(e)) {
      f.message = f.message.split(e).join(`{${k}}`);
      placeholders++;
    }
  });
  if (f.evidence) f.evidence = evidence.map(refer);
}
for (const v of report.vendors) if (v.controlEvidence) v.controlEvidence = refer(v.controlEvidence);
report.texts = texts;
const after = Buffer.byteLength(JSON.stringify(report));
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
console.log(
  `${reportFile}: ${mib(before)} -> ${mib(after)}; report / input ${(before / input).toFixed(2)}× -> ${(after / input).toFixed(2)}×; ${texts.length} shared texts, ${placeholders} placeholders`,
);
