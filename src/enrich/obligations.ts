import type { DataSet, Organisation } from '../model/types.js';
import { formatDay, parseDay } from '../util/dates.js';
import { cached } from '../util/memo.js';
import { DSP_EFFECTIVE } from './transactions.js';
import type { CisaDataFacts, DspFacts, ObligationFacts, OrganisationDspFacts } from './types.js';

/**
 * Duties that follow from covered data transactions (28 CFR 202 subparts J and K, CISA security requirements).
 * Pure. Each duty applies from its own date (--as-of decides): the security requirements and record keeping with
 * the rule (8 April 2025); the data compliance programme (202.1001), the audit (202.1002), the annual report
 * (202.1103) and the reports of rejected transactions (202.1104) from 6 October 2025.
 */

/** Subpart J and 202.1103 / 202.1104 apply from 6 October 2025 (28 CFR 202.1001(a), 202.1002(a), 202.1103(a), 202.1104(a)). */
export const DEFERRED_EFFECTIVE = '2025-10-06';
const YEAR = 365;

/** The CISA data-level requirements (minimisation and masking, encryption, privacy-enhancing technologies, denial of access). */
export function cisaDataFacts(data: DataSet): CisaDataFacts {
  const c = data.controls ?? {};
  const e = data.encryption;
  const values = [
    c.minimisation,
    c.masking,
    e === undefined ? undefined : e.atRest === true && e.keys === 'customer',
    c.privacyEnhancing,
    c.accessDenied,
  ];
  // the facts depend on five yes / no / unrecorded answers only: one shared (read-only) set per combination
  let key = 0;
  for (const v of values) key = key * 3 + (v === true ? 1 : v === false ? 2 : v === undefined ? 0 : Number.NaN);
  if (Number.isNaN(key)) return cisaFactsOf(values);
  return cached(CISA_FACTS, key, () => {
    const facts = Object.freeze(cisaFactsOf(values));
    Object.freeze(facts.evidenced);
    Object.freeze(facts.missing);
    return facts;
  });
}

const CISA_FACTS = new Map<number, CisaDataFacts>();

const CISA_REQUIREMENTS = [
  'data minimisation',
  'masking / de-identification',
  'encryption with keys the covered person cannot reach',
  'privacy-enhancing technologies',
  'denial of access to covered persons (identity and access management)',
] as const;

function cisaFactsOf(values: readonly (boolean | undefined)[]): CisaDataFacts {
  const items: [string, boolean | undefined][] = CISA_REQUIREMENTS.map((k, i) => [k, values[i]]);
  const evidenced = items.filter(([, v]) => v === true).map(([k]) => k);
  const missing = items.filter(([, v]) => v !== true).map(([k]) => k);
  const said = items.some(([, v]) => v !== undefined);
  const status = evidenced.length > 0 ? 'evidenced' : said ? 'unmet' : 'unknown';
  return {
    status,
    basis: status === 'unmet' ? 'restricted' : status === 'unknown' ? 'unknown' : 'none',
    evidenced,
    missing,
    evidence: `CISA data-level requirements — evidenced: ${evidenced.join(', ') || 'none'}; not evidenced: ${missing.join(', ') || 'none'}${status === 'evidenced' ? ' (whether the combination suffices is for the 202.1002 audit)' : ''}`,
  };
}

function duty(
  section: string,
  effective: string,
  asOfDay: number,
  applies: boolean | 'unknown',
  why: string,
  check: () => { status: 'met' | 'unmet' | 'unknown'; evidence: string },
  unmetBasis: 'reportable' | 'restricted' = 'reportable',
): ObligationFacts {
  const from = parseDay(effective) ?? 0;
  if (asOfDay < from) {
    return {
      status: 'not-applicable',
      basis: 'none',
      section,
      effective,
      evidence: `${section} applies from ${effective}`,
      regimes: [],
    };
  }
  if (applies === false) {
    return { status: 'not-applicable', basis: 'none', section, effective, evidence: why, regimes: [] };
  }
  const r = check();
  const status = applies === 'unknown' && r.status !== 'met' ? 'unknown' : r.status;
  return {
    status,
    basis: status === 'unmet' ? unmetBasis : status === 'unknown' ? 'unknown' : 'none',
    section,
    effective,
    evidence: `${why}: ${r.evidence}`,
    regimes: status === 'unmet' ? ['us-dsp'] : [],
  };
}

/** The organisation's DSP duties, given the verdicts of its data sets. */
export function organisationDspFacts(
  organisation: Organisation,
  verdicts: Iterable<DspFacts>,
  asOf: string,
): OrganisationDspFacts {
  const asOfDay = parseDay(asOf) ?? 0;
  let restricted = 0;
  let prohibited = 0;
  let unknown = 0;
  let cloudRestricted = 0;
  const counterparties = new Set<string>();
  for (const v of verdicts) {
    if (v.obligation !== 'organisation') continue;
    if (v.basis === 'restricted') {
      restricted++;
      if (v.cloud) cloudRestricted++;
      if (v.counterparty) counterparties.add(v.counterparty);
    } else if (v.basis === 'prohibited') prohibited++;
    else if (v.basis === 'unknown') unknown++;
  }
  const c = organisation.compliance ?? {};
  const names = [...counterparties].sort().join(', ');
  const summary =
    restricted > 0
      ? `${restricted} data set(s) in restricted transactions (28 CFR 202.401) with ${names}`
      : unknown > 0
        ? `${unknown} data set(s) may be in covered data transactions (facts missing)`
        : 'no restricted transaction';
  const hasRestricted: boolean | 'unknown' = restricted > 0 ? true : unknown > 0 ? 'unknown' : false;
  const within = (date: string | undefined, days: number): boolean | undefined => {
    const d = date ? parseDay(date) : undefined;
    return d === undefined ? undefined : asOfDay - d <= days;
  };

  const program = duty('28 CFR 202.1001', DEFERRED_EFFECTIVE, asOfDay, hasRestricted, summary, () => {
    const p = c.program;
    if (!p || p.written === undefined)
      return { status: 'unknown', evidence: 'no data compliance programme is recorded' };
    if (!p.written) return { status: 'unmet', evidence: 'no written data compliance programme' };
    const fresh = within(p.lastCertified, YEAR);
    if (fresh === undefined)
      return { status: 'unknown', evidence: 'the programme has no recorded annual certification' };
    return fresh
      ? { status: 'met', evidence: `written programme certified ${p.lastCertified}` }
      : { status: 'unmet', evidence: `last certified ${p.lastCertified}, more than a year before ${asOf}` };
  });

  const audit = duty('28 CFR 202.1002', DEFERRED_EFFECTIVE, asOfDay, hasRestricted, summary, () => {
    const a = c.audit;
    if (!a?.lastCompleted) return { status: 'unknown', evidence: 'no audit is recorded' };
    if (a.independent === false)
      return { status: 'unmet', evidence: `the audit of ${a.lastCompleted} was not independent` };
    return within(a.lastCompleted, YEAR)
      ? { status: 'met', evidence: `audited ${a.lastCompleted}` }
      : { status: 'unmet', evidence: `last audit ${a.lastCompleted}, more than 12 months before ${asOf}` };
  });

  const records = duty('28 CFR 202.1101', DSP_EFFECTIVE, asOfDay, hasRestricted, summary, () => {
    const years = c.recordsRetentionYears;
    if (years === undefined) return { status: 'unknown', evidence: 'no record retention period is recorded' };
    return years >= 10
      ? { status: 'met', evidence: `records kept ${years} years` }
      : { status: 'unmet', evidence: `records kept ${years} years, fewer than 10` };
  });

  // 202.1103: restricted transactions involving cloud-computing services, and ≥ 25 % owned by CoC / covered persons
  const owned = organisation.coveredOwnershipPercent;
  const reportApplies: boolean | 'unknown' =
    cloudRestricted === 0 ? (unknown > 0 ? 'unknown' : false) : owned === undefined ? 'unknown' : owned >= 25;
  const reportWhy =
    cloudRestricted === 0
      ? 'no restricted transaction involving cloud-computing services'
      : owned === undefined
        ? `${cloudRestricted} restricted cloud transaction(s); whether the organisation is ≥ 25 % owned by a country of concern or covered persons is not recorded`
        : `${cloudRestricted} restricted cloud transaction(s); the organisation is ${owned} % owned by countries of concern or covered persons`;
  const annualReport = duty('28 CFR 202.1103', DEFERRED_EFFECTIVE, asOfDay, reportApplies, reportWhy, () => {
    const due = lastDueDate(asOfDay);
    if (due === undefined) return { status: 'met', evidence: 'the first annual report is due 1 March 2026' };
    const filed = c.annualReport?.lastFiled ? parseDay(c.annualReport.lastFiled) : undefined;
    if (filed === undefined)
      return { status: 'unknown', evidence: `no annual report recorded (due ${formatDay(due)})` };
    const previousDue = parseDay(`${Number(formatDay(due).slice(0, 4)) - 1}-03-01`) ?? 0;
    return filed > previousDue
      ? { status: 'met', evidence: `filed ${c.annualReport?.lastFiled} for the report due ${formatDay(due)}` }
      : {
          status: 'unmet',
          evidence: `last filed ${c.annualReport?.lastFiled}; the report due ${formatDay(due)} is missing`,
        };
  });

  // 202.1104: rejected offers of prohibited data brokerage, reported within 14 days
  const offers = (c.rejectedOffers ?? []).filter(
    (o) => (parseDay(o.rejected) ?? 0) >= (parseDay(DEFERRED_EFFECTIVE) ?? 0),
  );
  const rejectedReports = duty(
    '28 CFR 202.1104',
    DEFERRED_EFFECTIVE,
    asOfDay,
    offers.length > 0,
    `${offers.length} rejected offer(s) of prohibited data brokerage on or after ${DEFERRED_EFFECTIVE}`,
    () => {
      const late: string[] = [];
      for (const o of offers) {
        const rejected = parseDay(o.rejected) ?? 0;
        const reported = o.reported ? parseDay(o.reported) : undefined;
        if (reported === undefined ? asOfDay > rejected + 14 : reported > rejected + 14) {
          late.push(`rejected ${o.rejected}, ${o.reported ? `reported ${o.reported}` : 'not reported'}`);
        }
      }
      return late.length > 0
        ? { status: 'unmet', evidence: `not reported within 14 days: ${late.join('; ')}` }
        : { status: 'met', evidence: 'each reported within 14 days (or not yet due)' };
    },
  );

  const security = duty(
    'CISA security requirements (28 CFR 202.248, 202.401)',
    DSP_EFFECTIVE,
    asOfDay,
    hasRestricted,
    summary,
    () => {
      const o = c.securityRequirements?.organisational;
      if (o === undefined) {
        return { status: 'unknown', evidence: 'the organisational and system-level requirements are not recorded' };
      }
      return o
        ? { status: 'met', evidence: 'organisational and system-level requirements implemented' }
        : { status: 'unmet', evidence: 'organisational and system-level requirements not implemented' };
    },
    'restricted',
  );

  return {
    restricted,
    prohibited,
    unknown,
    cloudRestricted,
    summary,
    program,
    audit,
    records,
    annualReport,
    rejectedReports,
    security,
  };
}

/** The most recent 1 March on or before --as-of on which an annual report fell due (the first: 1 March 2026). */
function lastDueDate(asOfDay: number): number | undefined {
  const year = Number(formatDay(asOfDay).slice(0, 4));
  const thisYear = parseDay(`${year}-03-01`) ?? 0;
  const due = asOfDay >= thisYear ? thisYear : (parseDay(`${year - 1}-03-01`) ?? 0);
  return due >= (parseDay('2026-03-01') ?? 0) ? due : undefined;
}
