import { restateFinding } from '../engine/evaluate.js';
import type { Finding } from '../engine/types.js';
import { ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import type { WaiverStatus } from '../report/types.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import { formatDay, parseDay } from '../util/dates.js';

/** Days before expiry at which an active waiver is reported as `expiring`. */
export const EXPIRING_WITHIN_DAYS = 14;

export interface Waiver {
  id?: string;
  rule: string;
  vendor: string;
  service?: string;
  fingerprint?: string;
  reason: string;
  approvedBy: string;
  expires: string;
  /** Where the entry is written (for diagnostics). */
  location: { file: string; line: number; column: number; pointer: string };
}

export interface WaiverFile {
  file: string;
  sha256: string;
  maxWaiverDays?: number;
  waivers: Waiver[];
}

interface RawWaivers {
  maxWaiverDays?: number;
  waivers: Omit<Waiver, 'location'>[];
}

/**
 * Validate a waiver document (schemas/waivers.schema.json) and the `maxWaiverDays` cap against
 * `asOf`. Every mistake is a located diagnostic; any error throws ResidencyError (exit 2).
 */
export function parseWaivers(doc: ParsedDocument, asOf: string): WaiverFile {
  const errors = validate('waivers', doc.data);
  if (errors.length > 0) {
    throw new ResidencyError(
      'E_WAIVERS',
      `${doc.file}: invalid waiver file`,
      ajvToDiagnostics(errors, doc, 'E_WAIVERS'),
    );
  }
  const raw = doc.data as RawWaivers;
  const today = parseDay(asOf);
  const diagnostics: Diagnostic[] = [];
  const waivers: Waiver[] = raw.waivers.map((w, i) => {
    const pointer = `/waivers/${i}`;
    const pos = doc.locate(pointer) ?? { line: 1, column: 1 };
    return { ...w, location: { file: doc.file, ...pos, pointer } };
  });
  if (raw.maxWaiverDays !== undefined && today !== undefined) {
    const limit = today + raw.maxWaiverDays;
    waivers.forEach((w, i) => {
      const day = parseDay(w.expires);
      if (day !== undefined && day > limit) {
        const pointer = `/waivers/${i}/expires`;
        diagnostics.push({
          code: 'E_WAIVER_TOO_LONG',
          severity: 'error',
          message: `waiver for ${w.rule} on ${w.vendor} expires on ${w.expires}, ${day - today} days after ${asOf}, over maxWaiverDays ${raw.maxWaiverDays}`,
          file: doc.file,
          ...(doc.locate(pointer) ?? w.location),
          pointer,
          expected: `a date on or before ${formatDay(limit)}`,
          hint: 'Shorten the waiver and renew it when it expires',
        });
      }
    });
  }
  if (diagnostics.length > 0) throw new ResidencyError('E_WAIVERS', `${doc.file}: invalid waiver file`, diagnostics);
  return { file: doc.file, sha256: doc.sha256, maxWaiverDays: raw.maxWaiverDays, waivers };
}

/** No waiver for a finding's rule and vendor (shared, read-only). */
const NO_WAIVERS: readonly number[] = Object.freeze([]);

export function waiverMatches(w: Pick<Waiver, 'rule' | 'vendor' | 'service' | 'fingerprint'>, f: Finding): boolean {
  if (w.rule !== f.ruleId) return false;
  if (w.vendor !== f.vendor?.id) return false;
  if (w.service !== undefined && w.service !== f.service?.id) return false;
  if (w.fingerprint !== undefined && w.fingerprint !== f.fingerprint) return false;
  return true;
}

export interface WaiverResult {
  findings: Finding[];
  waivers: WaiverStatus[];
  diagnostics: Diagnostic[];
  reasons: string[];
}

export interface ApplyWaiverOptions {
  asOf: string;
  /** An unused waiver fails the run (a reason in summary.reasons, exit 1) instead of a warning. */
  strict?: boolean;
}

/**
 * Pure: mark findings matched by a live waiver as `waived`. An expired waiver waives nothing (the
 * finding stays open) and is reported `expired`, which fails the run; a waiver that matches nothing is
 * `unused` (a warning, or a failure with `strict`); one expiring within 14 days is `expiring`.
 */
export function applyWaivers(
  findings: readonly Finding[],
  file: WaiverFile,
  options: ApplyWaiverOptions,
): WaiverResult {
  const today = parseDay(options.asOf) ?? 0;
  const matched = new Array<number>(file.waivers.length).fill(0);
  const expired = file.waivers.map((w) => (parseDay(w.expires) ?? 0) < today);
  // a waiver matches only findings of its rule and vendor: each finding is tried against those waivers alone, in the
  // file's order (before, against every waiver: findings × waivers, 35·10⁸ tests for 350k findings and 10k waivers)
  const byRuleAndVendor = new Map<string, number[]>();
  file.waivers.forEach((w, i) => {
    const key = `${w.rule}\0${w.vendor}`;
    const list = byRuleAndVendor.get(key);
    if (list === undefined) byRuleAndVendor.set(key, [i]);
    else list.push(i);
  });
  const out = findings.map((f) => {
    let waiver: Waiver | undefined;
    const candidates = f.vendor === undefined ? undefined : byRuleAndVendor.get(`${f.ruleId}\0${f.vendor.id}`);
    for (const i of candidates ?? NO_WAIVERS) {
      const w = file.waivers[i];
      if (!waiverMatches(w, f)) continue;
      matched[i]++;
      if (!expired[i] && waiver === undefined) waiver = w;
    }
    if (!waiver || f.status === 'waived') return f;
    return restateFinding(f, 'waived', {
      reason: waiver.reason,
      approvedBy: waiver.approvedBy,
      expires: waiver.expires,
      ...(waiver.id !== undefined ? { id: waiver.id } : {}),
    });
  });
  const diagnostics: Diagnostic[] = [];
  let unused = 0;
  const statuses: WaiverStatus[] = file.waivers.map((w, i) => {
    const day = parseDay(w.expires) ?? 0;
    let state: WaiverStatus['state'];
    const where = {
      file: w.location.file,
      line: w.location.line,
      column: w.location.column,
      pointer: w.location.pointer,
    };
    const what = `waiver${w.id ? ` ${w.id}` : ''} for ${w.rule} on ${w.vendor}${w.service ? `/${w.service}` : ''}`;
    if (expired[i]) {
      state = 'expired';
      diagnostics.push({
        code: 'E_WAIVER_EXPIRED',
        severity: 'error',
        message: `${what} expired on ${w.expires}${matched[i] > 0 ? `; ${matched[i]} finding(s) it covered are open again` : ''}`,
        ...where,
        hint: 'Fix the finding, or renew the waiver with a new approval and expiry date',
      });
    } else if (matched[i] === 0) {
      state = 'unused';
      unused++;
      diagnostics.push({
        code: options.strict ? 'E_WAIVER_UNUSED' : 'W_WAIVER_UNUSED',
        severity: options.strict ? 'error' : 'warning',
        message: `${what} matches no finding`,
        ...where,
        hint: 'Remove the waiver if the finding was fixed, or check the rule, vendor and service ids',
      });
    } else if (day - today <= EXPIRING_WITHIN_DAYS) {
      state = 'expiring';
      diagnostics.push({
        code: 'W_WAIVER_EXPIRING',
        severity: 'warning',
        message: `${what} expires on ${w.expires} (in ${day - today} day(s))`,
        ...where,
        hint: 'Renew it or fix the finding before it expires',
      });
    } else state = 'active';
    return {
      ...(w.id !== undefined ? { id: w.id } : {}),
      ruleId: w.rule,
      vendor: w.vendor,
      ...(w.service !== undefined ? { service: w.service } : {}),
      ...(w.fingerprint !== undefined ? { fingerprint: w.fingerprint } : {}),
      reason: w.reason,
      approvedBy: w.approvedBy,
      expires: w.expires,
      state,
      matched: matched[i],
    };
  });
  const reasons = options.strict && unused > 0 ? [`${unused} unused waiver(s) (--strict-waivers)`] : [];
  return { findings: out, waivers: statuses, diagnostics, reasons };
}
