#!/usr/bin/env node
// The GitHub Action's `score` and `verdict` outputs (action.yml), read from the head of its JSON report: the
// summary comes before the vendors and findings, so this reads a few kilobytes of a report of any size, where
// parsing the whole report failed past V8's longest string (512 MiB: about 400k vendors) and held it all in memory.
//
//   node scripts/action-outputs.mjs REPORT.json >> "$GITHUB_OUTPUT"
//
// Prints `score=…` and `verdict=…` lines; both are empty, with a warning on standard error, when the report has no
// readable summary, so the step still ends with residency's own exit code.
import { readTopLevelMember } from '../dist/adapters/report-head.js';

const file = process.argv[2];
let score = '';
let verdict = '';
try {
  const { value } = await readTopLevelMember(file, 'summary');
  if (value !== null && typeof value === 'object') {
    if (Number.isFinite(value.score)) score = String(value.score);
    // one word (pass, fail): never a line break into $GITHUB_OUTPUT
    if (typeof value.verdict === 'string' && /^[a-z-]+$/.test(value.verdict)) verdict = value.verdict;
  }
  if (score === '' || verdict === '') {
    console.error(`residency: ${file} has no summary with a score and a verdict; those outputs are empty`);
  }
} catch (error) {
  console.error(
    `residency: cannot read the summary of ${file} (${error.message}); the score and verdict outputs are empty`,
  );
}
process.stdout.write(`score=${score}\nverdict=${verdict}\n`);
