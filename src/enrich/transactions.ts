import type { Agreement, Vendor } from '../model/types.js';
import { formatDay, parseDay } from '../util/dates.js';
import { flat } from '../util/text.js';
import { formatCount } from './bulk.js';
import { declareFacts, EMPTY } from './shared.js';
import type {
  Basis,
  BulkFacts,
  ControlFacts,
  CoveredStatus,
  DataFacts,
  DspFacts,
  ObligationFacts,
  PartyFacts,
  TransactionFacts,
} from './types.js';

/**
 * Covered data transactions (28 CFR 202.210): who transacts with whom, and what the Data Security Program
 * makes of each transaction for the organisation. Pure; no catalogue or inventory access beyond its arguments.
 *
 * A covered data transaction needs (a) access to government-related data (any volume, 202.222) or to bulk U.S.
 * sensitive personal data (202.205, counted over the preceding 12 months per covered-person counterparty), (b) a
 * country of concern or covered person on the other side, (c) one of the transaction types (data brokerage, vendor,
 * employment or investment agreement) and (d) no exemption (subpart E, 202.501–202.511). Bulk human 'omic data and
 * biospecimens (202.303) and data brokerage (202.301) are prohibited; vendor, employment and investment agreements
 * are restricted (202.401). Only a counterparty whose covered-person status is known to be `covered` gives a
 * prohibited / restricted verdict; `unknown` status gives basis `unknown`; an adversary-linked counterparty that is
 * not a covered person is `exposure`.
 */

/** DSP prohibitions and restrictions apply from 8 April 2025 (28 CFR 202.216; 90 FR 1636). */
export const DSP_EFFECTIVE = '2025-04-08';

const SECTION = {
  brokerage: '28 CFR 202.301',
  omic: '28 CFR 202.303',
  restricted: '28 CFR 202.401',
  access: '28 CFR 202.210',
} as const;

/** Categories that are human 'omic data (202.224): prohibited in bulk (202.303). */
const OMIC = new Set(['genomic', 'omic']);

/**
 * Interim covered-person status of a party from its control facts, until the ownership graph gives one per
 * regime: organised or based in a country of concern (the nearest link of its chain) → covered; ≥ 50 % owned from
 * countries of concern → covered; organised in the organisation's own jurisdiction → a U.S. person (202.256), not
 * covered; no country known → unknown.
 */
export function statusFromControl(
  control: ControlFacts,
  covered: { isCountryOfConcern: (code: string) => boolean; jurisdiction: string; ownershipPercent: number },
): { status: CoveredStatus; reason: string } {
  const first = control.chain[0];
  if (!first?.country) return { status: 'unknown', reason: 'where it is organised is not known' };
  if (covered.isCountryOfConcern(first.country)) {
    return {
      status: 'covered',
      reason: `${first.name} is organised or based in ${first.country} (28 CFR 202.211(a)(1))`,
    };
  }
  if (first.country === covered.jurisdiction) {
    return {
      status: 'not-covered',
      reason: `${first.name} is organised in ${first.country}: a U.S. person (28 CFR 202.256)`,
    };
  }
  if (control.adversaryOwnership >= covered.ownershipPercent) {
    return {
      status: 'covered',
      reason: `${first.name} is ${control.adversaryOwnership} % owned from a country of concern (28 CFR 202.211(a)(1)-(2))`,
    };
  }
  return {
    status: 'not-covered',
    reason: `${first.name} (${first.country}) is not owned ≥ 50 % from a country of concern`,
  };
}

/**
 * The transactions through which someone gets access to one service's data. `vendorParty` is the organisation's
 * counterparty (the provider itself when the vendor is the provider); `providerParty`, when the vendor runs the
 * service on someone else's cloud, is the vendor's counterparty.
 *
 * Absent declared agreements: the inventory lists the vendor because it provides services to the organisation, so a
 * vendor agreement with the organisation is derived (202.258); a provider under the vendor's service is the
 * vendor's own vendor agreement (the vendor's obligation, the organisation's exposure). A `branch` is the
 * organisation itself abroad (a U.S. person, 202.256): it has no agreement with the organisation (202.210 Example 1),
 * and its provider agreements are the organisation's own.
 */
export function transactionsOf(
  vendor: Pick<Vendor, 'agreements' | 'relationship'>,
  vendorParty: PartyFacts,
  providerParty: PartyFacts | undefined,
  derivedWith: DerivedTransactions = new DerivedTransactions(),
): TransactionFacts[] {
  const declared: readonly Agreement[] = vendor.agreements ?? [];
  const branch = vendor.relationship === 'branch';
  const out: TransactionFacts[] = [];
  const own = (a: Agreement): TransactionFacts => ({
    type: a.type,
    obligation: 'organisation',
    derived: false,
    knowinglyDirected: a.knowinglyDirected === true,
    counterparty: vendorParty,
    ...(a.exemption ? { exemption: { section: a.exemption.section, reason: a.exemption.reason } } : {}),
    ...(a.onwardTransfer ? { onwardTransfer: a.onwardTransfer } : {}),
  });
  const ofVendor = (a: Agreement | undefined, counterparty: PartyFacts): TransactionFacts =>
    a === undefined
      ? derivedWith.of(counterparty, branch ? 'organisation' : 'vendor')
      : {
          type: a.type,
          obligation: branch || a.knowinglyDirected === true ? 'organisation' : 'vendor',
          derived: false,
          knowinglyDirected: a.knowinglyDirected === true,
          counterparty,
          ...(a.exemption ? { exemption: { section: a.exemption.section, reason: a.exemption.reason } } : {}),
          ...(a.onwardTransfer ? { onwardTransfer: a.onwardTransfer } : {}),
        };
  const organisationSide = declared.filter((a) => a.party === 'organisation');
  const vendorSide = declared.filter((a) => a.party === 'vendor');
  if (!branch) {
    if (organisationSide.length > 0) for (const a of organisationSide) out.push(own(a));
    else out.push(derivedWith.of(vendorParty, 'organisation'));
  }
  if (providerParty && providerParty.key !== vendorParty.key) {
    if (vendorSide.length > 0) for (const a of vendorSide) out.push(ofVendor(a, providerParty));
    else out.push(ofVendor(undefined, providerParty));
  } else if (branch) {
    // the branch's own provider is the organisation's counterparty
    if (vendorSide.length > 0) for (const a of vendorSide) out.push(ofVendor(a, vendorParty));
    else out.push(ofVendor(undefined, vendorParty));
  }
  // exact size (a list grown by push keeps room for 16): it stays live with the data sets
  return out.slice();
}

/**
 * The vendor agreements derived from the inventory (none declared, 202.258), one per counterparty and obligation:
 * such a transaction says nothing but who the counterparty is and whose duty it is, so the services and vendors
 * that reach one party share one (read-only) object instead of one per service.
 */
export class DerivedTransactions {
  readonly #made = new Map<PartyFacts, { organisation?: TransactionFacts; vendor?: TransactionFacts }>();

  of(counterparty: PartyFacts, obligation: 'organisation' | 'vendor'): TransactionFacts {
    let byObligation = this.#made.get(counterparty);
    if (byObligation === undefined) {
      byObligation = {};
      this.#made.set(counterparty, byObligation);
    }
    byObligation[obligation] ??= {
      type: 'vendor',
      obligation,
      derived: true,
      knowinglyDirected: false,
      counterparty,
    };
    return byObligation[obligation];
  }
}

const BULK_RANK: Record<string, number> = { exceeded: 3, unknown: 2, below: 1, 'not-applicable': 0 };

/** The data set's aggregate with one counterparty; of a combined data set's aggregates, the most serious (first wins). */
function bulkWith(data: DataFacts, key: string): DataFacts['bulk'][number] | undefined {
  let best: DataFacts['bulk'][number] | undefined;
  // indexed: `bulk` is often a shared frozen list (`for … of` over frozen and other lists is not inlined)
  const bulk = data.bulk;
  for (let i = 0; i < bulk.length; i++) {
    const b = bulk[i];
    if (b.group !== key) continue;
    if (!best || BULK_RANK[b.status] > BULK_RANK[best.status]) best = b;
  }
  return best;
}

const RANK: Record<Basis | 'none', number> = {
  none: 0,
  exposure: 1,
  unknown: 2,
  reportable: 2,
  restricted: 3,
  prohibited: 4,
};

export interface VerdictContext {
  /** --as-of is on or after the DSP's effective date. */
  inForce: boolean;
  /** The category is sensitive personal data or government-related data (202.249, 202.222). */
  sensitive: boolean;
}

/** The organisation's DSP verdict for one data set: the most serious over its transactions (stable: first wins). */
export function dspVerdict(data: DataFacts, context: VerdictContext): DspFacts {
  let best: Candidate | undefined;
  let bestTransaction: TransactionFacts | undefined;
  const transactions = data.transactions;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i];
    const v = verdictOf(data, t, context, false);
    if (!best || RANK[v.basis] > RANK[best.basis]) {
      best = v;
      bestTransaction = t;
    }
  }
  // the evidence sentence is built for the kept verdict only, and only when read (a finding on this data set)
  if (best && bestTransaction) return new Verdict(decisionOf(best, context), data, bestTransaction);
  return NO_TRANSACTION;
}

/** A data set no transaction reaches (shared, read-only). */
const NO_TRANSACTION: DspFacts = Object.freeze({
  verdict: 'not-covered',
  basis: 'none',
  cloud: false,
  regimes: EMPTY,
  evidence: 'no transaction gives anyone access to this data',
});

/** The verdict of a data set before `coveredTransactions` decides it (shared, read-only; always replaced). */
export const PENDING_DSP: DspFacts = Object.freeze({
  verdict: 'not-covered',
  basis: 'none',
  cloud: false,
  regimes: EMPTY,
  evidence: '',
});

/** The verdict of one transaction; `evidence` is '' unless asked for (`verdictOf(…, true)`). */
type Candidate = DspFacts;

/**
 * The kept verdict. Its evidence sentence (party names, counts, sections) is built on first read, by deciding the
 * kept transaction again with the sentence: most data sets have no finding that quotes it, and keeping the data
 * set costs less than a closure per transaction. What it says of the transaction (whose obligation, with whom, of
 * which type, a cloud provider or not) is read from the transaction, and the decision (verdict, basis, section,
 * regimes, with the context it was made in) is one shared object per kind of decision: a verdict holds four
 * references. All are getters on the prototype, declared facts (rules read them like own properties, compile.ts);
 * `toJSON` gives the keys of the plain object it was, in order.
 */
class Verdict implements DspFacts {
  readonly #decision: Decision;
  readonly #transaction: TransactionFacts;
  #data: DataFacts | undefined;
  #text = '';

  constructor(decision: Decision, data: DataFacts, transaction: TransactionFacts) {
    this.#decision = decision;
    this.#data = data;
    this.#transaction = transaction;
  }

  get verdict(): DspFacts['verdict'] {
    return this.#decision.verdict;
  }

  get basis(): DspFacts['basis'] {
    return this.#decision.basis;
  }

  get section(): string | undefined {
    return this.#decision.section;
  }

  get obligation(): DspFacts['obligation'] {
    return this.#transaction.obligation;
  }

  get counterparty(): string | undefined {
    return this.#transaction.counterparty.name;
  }

  get transactionType(): string | undefined {
    return this.#transaction.type;
  }

  get cloud(): boolean {
    return this.#transaction.counterparty.cloud;
  }

  get regimes(): string[] {
    return this.#decision.regimes;
  }

  get evidence(): string {
    if (this.#data) {
      this.#text = flat(verdictOf(this.#data, this.#transaction, this.#decision.context, true).evidence);
      this.#data = undefined;
    }
    return this.#text;
  }
}

/** What a verdict decides, in the context it was decided in: one shared (read-only) object per kind. */
interface Decision {
  readonly verdict: DspFacts['verdict'];
  readonly basis: DspFacts['basis'];
  readonly section: string | undefined;
  readonly regimes: string[];
  readonly context: VerdictContext;
}

/** The decisions made in each context (few kinds: verdict, basis, section and regimes list). */
const DECISIONS = new WeakMap<VerdictContext, Decision[]>();

/** The shared decision of a candidate verdict made in `context`. */
function decisionOf(c: Candidate, context: VerdictContext): Decision {
  let known = DECISIONS.get(context);
  if (!known) {
    known = [];
    DECISIONS.set(context, known);
  }
  for (const d of known) {
    if (d.verdict === c.verdict && d.basis === c.basis && d.section === c.section && d.regimes === c.regimes) return d;
  }
  const decision: Decision = Object.freeze({
    verdict: c.verdict,
    basis: c.basis,
    section: c.section,
    regimes: c.regimes,
    context,
  });
  known.push(decision);
  return decision;
}

/** The keys of a verdict, in the order of the plain object it was (its JSON). */
const VERDICT_KEYS = [
  'verdict',
  'basis',
  'section',
  'obligation',
  'counterparty',
  'transactionType',
  'cloud',
  'regimes',
  'evidence',
] as const satisfies readonly (keyof DspFacts)[];
declareFacts(Verdict.prototype, VERDICT_KEYS, VERDICT_KEYS);

/** Shared, never mutated: most verdicts have no regime. */
const NONE: string[] = EMPTY;
const DSP: string[] = Object.freeze(['us-dsp']) as string[];

const units = (unit: string | undefined): string => (unit === 'devices' ? 'US devices' : 'US persons');

/** One shape for every candidate (no spreads: this runs for every transaction of every data set). */
function candidate(
  t: TransactionFacts,
  verdict: DspFacts['verdict'],
  basis: DspFacts['basis'],
  section: string | undefined,
  regimes: string[],
  evidence: string,
): Candidate {
  return {
    verdict,
    basis,
    section,
    obligation: t.obligation,
    counterparty: t.counterparty.name,
    transactionType: t.type,
    cloud: t.counterparty.cloud,
    regimes,
    evidence,
  };
}

/** Whose agreement the transaction is, for the evidence sentence. */
function whose(t: TransactionFacts): string {
  const cp = t.counterparty;
  return t.obligation === 'organisation'
    ? t.derived
      ? `the organisation's ${t.type} agreement with ${cp.name} (derived from the inventory)`
      : `the organisation's ${t.type} agreement with ${cp.name}${t.knowinglyDirected ? ' (knowingly directed, 28 CFR 202.305)' : ''}`
    : `the vendor's own ${t.type} agreement with ${cp.name}`;
}

/** Not a covered data transaction, and why (`why` is read only when the sentence is built). */
function notCovered(t: TransactionFacts, text: boolean, why: string): Candidate {
  const linked = t.counterparty.adversaryLinked;
  return candidate(
    t,
    'not-covered',
    linked ? 'exposure' : 'none',
    undefined,
    NONE,
    text
      ? `${whose(t)}: not a covered data transaction — ${why}${linked ? '; the counterparty is adversary-linked: a risk, no DSP duty' : ''}`
      : '',
  );
}

/** How much data the transaction reaches, against the 202.205 threshold, for the evidence sentence. */
function volumeText(data: DataFacts, cp: PartyFacts, bulk: BulkFacts | undefined): string {
  const bulkStatus = bulk?.status ?? 'not-applicable';
  if (data.governmentRelated) return 'government-related data, covered at any volume (28 CFR 202.222)';
  if (bulkStatus === 'exceeded') {
    const combined =
      bulk && bulk.category !== data.category
        ? ` (combined data: ${data.category} with ${data.combinedWith.join(', ')}, counted as ${bulk.category}, 28 CFR 202.205(g))`
        : '';
    return `bulk: ${formatCount(bulk?.total)} ${units(bulk?.unit)} of ${bulk?.category ?? data.category} data with ${cp.name} (${countNote(data)})${combined} over the 28 CFR 202.205 threshold`;
  }
  if (bulkStatus === 'unknown') {
    return `whether the ${data.category} data with ${cp.name} is bulk is unknown: a count is missing (28 CFR 202.205)`;
  }
  return `${formatCount(data.count)} ${units(bulk?.unit)} (${countNote(data)}), below the 28 CFR 202.205 bulk threshold with ${cp.name}`;
}

function countNote(data: DataFacts): string {
  return data.countBasis === 'peak12Months'
    ? '12-month peak'
    : data.countBasis === 'current'
      ? 'current count: no 12-month peak given'
      : 'no count';
}

/**
 * The verdict of one transaction of a data set. `text`: also build its evidence sentence (else ''); the decision is
 * the same either way.
 */
function verdictOf(data: DataFacts, t: TransactionFacts, context: VerdictContext, text: boolean): Candidate {
  const cp = t.counterparty;
  if (!context.inForce) {
    return notCovered(t, text, text ? `the Data Security Program applies from ${DSP_EFFECTIVE}` : '');
  }
  if (data.direction === 'receives-only') {
    return notCovered(
      t,
      text,
      text ? 'the organisation only receives this data from the counterparty (28 CFR 202.210(b)(3))' : '',
    );
  }
  if (!context.sensitive && !data.governmentRelated) {
    return notCovered(t, text, text ? 'not sensitive personal or government-related data' : '');
  }
  if (cp.status === 'not-covered') return notCovered(t, text, text ? cp.reason : '');
  const exemption = t.exemption;
  if (exemption) {
    // subpart E: the exempt transaction is no covered data transaction and does not count towards bulk
    return candidate(
      t,
      'exempt',
      cp.adversaryLinked ? 'exposure' : 'none',
      `28 CFR ${exemption.section}`,
      NONE,
      text ? `${whose(t)}: exempt under 28 CFR ${exemption.section} (${exemption.reason})` : '',
    );
  }
  // (a) government-related data at any volume, or bulk over the 202.205 threshold with this counterparty (a combined
  // data set has one aggregate per category it contains: the most serious decides, 202.205(g))
  const bulk = bulkWith(data, cp.key);
  const bulkStatus = bulk?.status ?? 'not-applicable';
  const qualifies: 'yes' | 'unknown' | 'no' = data.governmentRelated
    ? 'yes'
    : bulkStatus === 'exceeded'
      ? 'yes'
      : bulkStatus === 'unknown'
        ? 'unknown'
        : 'no';
  if (qualifies === 'no') return notCovered(t, text, text ? volumeText(data, cp, bulk) : '');
  // (c) the transaction type decides prohibited or restricted
  const omic =
    data.bulk.some((b) => b.group === cp.key && OMIC.has(b.category) && b.status === 'exceeded') ||
    (data.biospecimens &&
      qualifies === 'yes' &&
      (OMIC.has(data.category) || data.combinedWith.some((c) => OMIC.has(c))));
  const prohibited = t.type === 'data-brokerage' || omic;
  const verdict = prohibited ? 'prohibited' : 'restricted';
  const section = t.type === 'data-brokerage' ? SECTION.brokerage : omic ? SECTION.omic : SECTION.restricted;
  if (cp.status === 'unknown' || qualifies === 'unknown') {
    const what = `${verdict} (${section})`;
    return candidate(
      t,
      'unknown',
      t.obligation === 'organisation' ? 'unknown' : 'exposure',
      section,
      NONE,
      !text
        ? ''
        : cp.status === 'unknown'
          ? `${whose(t)}: would be ${what} — whether ${cp.name} is a covered person is unknown (${cp.reason}); ${volumeText(data, cp, bulk)}`
          : `${whose(t)}: would be ${what} — ${volumeText(data, cp, bulk)}`,
    );
  }
  const own = t.obligation === 'organisation';
  return candidate(
    t,
    verdict,
    own ? verdict : 'exposure',
    section,
    own ? DSP : NONE,
    text
      ? `${whose(t)}: ${verdict} (${section}) — ${cp.reason}; ${volumeText(data, cp, bulk)}${own ? '' : "; the vendor's obligation, the organisation's exposure (28 CFR 202.305 if it knowingly directs it)"}`
      : '',
  );
}

/** 28 CFR 202.302: data brokerage with a foreign person that is not a covered person. */
export type OnwardTransferFacts = ObligationFacts & { counterparty?: string };

const ONWARD = '28 CFR 202.302';
/** (b)(1): reports are due within 14 days of becoming aware of a known or suspected violation. */
const REPORT_DAYS = 14;

export interface OnwardTransferContext extends VerdictContext {
  asOf: string;
  /** The aggregates held with foreign counterparties that are not covered persons (202.205: the same foreign person). */
  bulkOf(data: DataFacts): readonly BulkFacts[];
}

/**
 * 28 CFR 202.302(a): no U.S. person may knowingly engage in a transaction involving access by a foreign person to
 * government-related data or bulk U.S. sensitive personal data that involves data brokerage with a foreign person that
 * is not a covered person, unless it (1) contractually requires the foreign person to refrain from a subsequent
 * covered data transaction involving data brokerage of the same data with a country of concern or covered person and
 * (2) reports known or suspected violations of that requirement within 14 days (b)(1). Only the organisation's own
 * data-brokerage agreements (or those it knowingly directs) are judged: the vendor's are the vendor's duty.
 * Most serious over the data set's transactions (first wins).
 */
export function onwardTransferVerdict(data: DataFacts, context: OnwardTransferContext): OnwardTransferFacts {
  let best: OnwardTransferFacts | undefined;
  const transactions = data.transactions;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i];
    const v = onwardOf(data, t, context);
    if (v && (!best || RANK[v.basis] > RANK[best.basis])) best = v;
  }
  return best ?? NO_ONWARD_TRANSFER;
}

/** No data brokerage of the organisation's with a foreign person that is not a covered person (most data sets). */
export const NO_ONWARD_TRANSFER: OnwardTransferFacts = Object.freeze({
  status: 'not-applicable',
  basis: 'none',
  section: ONWARD,
  effective: DSP_EFFECTIVE,
  evidence: 'no data brokerage with a foreign person that is not a covered person',
  regimes: EMPTY,
});

function onwardOf(
  data: DataFacts,
  t: TransactionFacts,
  context: OnwardTransferContext,
): OnwardTransferFacts | undefined {
  const cp = t.counterparty;
  if (t.type !== 'data-brokerage' || t.obligation !== 'organisation' || t.exemption) return undefined;
  if (cp.status !== 'not-covered' || cp.foreign === false) return undefined;
  if (!context.inForce || data.direction === 'receives-only') return undefined;
  if (!context.sensitive && !data.governmentRelated) return undefined;
  const result = (status: ObligationFacts['status'], basis: Basis | 'none', evidence: string): OnwardTransferFacts => ({
    status,
    basis,
    section: ONWARD,
    effective: DSP_EFFECTIVE,
    evidence,
    regimes: basis === 'prohibited' ? ['us-dsp'] : NONE,
    counterparty: cp.name,
  });
  const what = `the organisation's data brokerage with ${cp.name}, a foreign person that is not a covered person`;
  let volume: string;
  if (data.governmentRelated) volume = 'government-related data (any volume, 28 CFR 202.222)';
  else {
    let bulk: BulkFacts | undefined;
    for (const b of context.bulkOf(data)) {
      if (b.group !== cp.key) continue;
      if (!bulk || BULK_RANK[b.status] > BULK_RANK[bulk.status]) bulk = b;
    }
    if (!bulk || bulk.status === 'below' || bulk.status === 'not-applicable') return undefined;
    if (bulk.status === 'unknown') {
      return result(
        'unknown',
        'unknown',
        `${what}: whether the ${data.category} data is bulk is unknown — a count is missing (28 CFR 202.205); if it is, ${ONWARD} requires a contractual bar on onward brokerage to countries of concern or covered persons`,
      );
    }
    volume = `bulk: ${formatCount(bulk.total)} ${units(bulk.unit)} of ${bulk.category} data over the 28 CFR 202.205 threshold`;
  }
  if (cp.foreign === 'unknown') {
    return result(
      'unknown',
      'unknown',
      `${what.replace(', a foreign person that is not a covered person', '')} (${volume}): whether it is a foreign person is unknown; if it is, ${ONWARD} requires a contractual bar on onward brokerage`,
    );
  }
  const ban = t.onwardTransfer?.contractualBan;
  if (ban === false) {
    return result(
      'unmet',
      'prohibited',
      `${what} (${volume}): the contract does not require it to refrain from data brokerage of the same data with a country of concern or covered person — prohibited (${ONWARD}(a)(1))`,
    );
  }
  if (ban === undefined) {
    return result(
      'unknown',
      'unknown',
      `${what} (${volume}): whether the contract bars onward data brokerage of the same data to a country of concern or covered person is not recorded (${ONWARD}(a)(1))`,
    );
  }
  // (a)(2), (b)(1): each known or suspected violation reported within 14 days of becoming aware of it
  const asOf = parseDay(context.asOf) ?? 0;
  let late: string | undefined;
  let due: string | undefined;
  for (const v of t.onwardTransfer?.violations ?? []) {
    const deadline = (parseDay(v.awareOn) ?? 0) + REPORT_DAYS;
    const reported = v.reportedOn === undefined ? undefined : parseDay(v.reportedOn);
    if (reported === undefined ? asOf > deadline : reported > deadline) {
      late ??= `a violation known on ${v.awareOn} was ${v.reportedOn ? `reported on ${v.reportedOn}` : 'not reported'}, due by ${formatDay(deadline)}`;
    } else if (reported === undefined)
      due ??= `a violation known on ${v.awareOn} is to be reported by ${formatDay(deadline)}`;
  }
  if (late) {
    return result('unmet', 'prohibited', `${what} (${volume}): ${late} — prohibited (${ONWARD}(a)(2), (b)(1))`);
  }
  if (due) return result('unmet', 'reportable', `${what} (${volume}): ${due} (${ONWARD}(b)(1))`);
  return result(
    'met',
    'none',
    `${what} (${volume}): the contract bars onward data brokerage to countries of concern or covered persons and no unreported violation is recorded (${ONWARD})`,
  );
}
