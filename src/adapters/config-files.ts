import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ParsedDocument } from '../parse/parse.js';
import {
  BASELINE_ERRORS,
  BASELINE_PROBLEMS,
  type Baseline,
  baselineFingerprint,
  parseBaseline,
} from '../triage/baseline.js';
import { parseWaivers, type WaiverFile } from '../triage/waivers.js';
import { readInputFile } from './files.js';
import { parseReadText } from './parse-input.js';
import { REREAD_WHOLE_BYTES, StreamedReportProblem, streamOrWhole, streamReport } from './report-stream.js';

/** Configuration file names looked for from the current folder upward. */
export const CONFIG_FILE_NAMES = ['.residencyrc.yaml', '.residencyrc.yml'] as const;

/** Name of the waiver file looked for beside the first inventory when --waivers is not given. */
export const DEFAULT_WAIVERS_FILE = '.residency-waivers.yaml';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Display form of a path: relative to the working folder when it lies beneath it or close by. */
function display(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? p : rel.split(path.sep).join('/');
}

/** `.residencyrc.yaml` in `start` or the nearest folder above it (stopping at the filesystem root). */
export async function findConfigFile(start: string = process.cwd()): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (await isFile(candidate)) return display(candidate, process.cwd());
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A configuration, waiver or baseline file, parsed; `otherWay`: what a refusal of a YAML file too large suggests. */
async function readDoc(file: string, otherWay?: string) {
  const input = await readInputFile(file);
  return parseReadText(input.text, input.file, { otherWay });
}

/** The configuration document given by --config, or the one found by discovery (undefined when there is none). */
export async function readConfigDocument(explicit?: string): Promise<ParsedDocument | undefined> {
  const file = explicit ?? (await findConfigFile());
  if (file === undefined) return undefined;
  return readDoc(file, 'or check that this is the configuration file: one holds settings, a few kilobytes');
}

/** The waiver file to use: the one given, else `.residency-waivers.yaml` beside the first inventory file. */
export async function defaultWaiversFile(inventories: readonly string[]): Promise<string | undefined> {
  const first = inventories.find((f) => f !== '-');
  if (first === undefined) return undefined;
  const candidate = path.join(path.dirname(first), DEFAULT_WAIVERS_FILE);
  return (await isFile(candidate)) ? candidate : undefined;
}

export async function loadWaiverFile(file: string, asOf: string): Promise<WaiverFile> {
  return parseWaivers(
    await readDoc(
      file,
      'or give the waivers as JSON (--waivers NAME.json), which needs about a sixth of the heap YAML does',
    ),
    asOf,
  );
}

/**
 * A baseline: a previous JSON report, of which only the findings' fingerprints are kept. A file is read a piece
 * at a time (streamBaseline), so a baseline costs memory for its fingerprints, not for the report; standard input
 * and a report saved as YAML are read whole.
 */
export async function loadBaseline(file: string, rereadWholeBytes = REREAD_WHOLE_BYTES): Promise<Baseline> {
  const whole = async () =>
    parseBaseline(
      await readDoc(file, 'or give the JSON report `check` wrote, which is read a piece at a time whatever its size'),
    );
  return streamOrWhole(file, () => streamBaseline(file), whole, BASELINE_ERRORS, rereadWholeBytes);
}

async function streamBaseline(file: string): Promise<Baseline> {
  const fingerprints = new Set<string>();
  const read = await streamReport(file, [], (finding, at) => {
    const fp = baselineFingerprint(finding);
    if (fp === undefined) {
      throw new StreamedReportProblem(BASELINE_PROBLEMS.noFingerprint(at.index), at, `/findings/${at.index}`);
    }
    fingerprints.add(fp);
  });
  const start = { line: 1, column: 1 };
  if (!read.isObject) throw new StreamedReportProblem(BASELINE_PROBLEMS.notReport, start, '');
  if (!read.sawItems) throw new StreamedReportProblem(BASELINE_PROBLEMS.noFindings, start, '');
  return { file, sha256: read.sha256, fingerprints };
}
