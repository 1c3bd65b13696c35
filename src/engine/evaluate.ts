import * as crypto from 'node:crypto';
import { EMPTY } from '../enrich/shared.js';
import type { DataFacts, EnrichedInventory, EnrichedService, EnrichedVendor, FactSet } from '../enrich/types.js';
import { SEVERITIES, type Severity, type SourceLocation } from '../model/types.js';
import { parseDay } from '../util/dates.js';
import { cached, lastOf } from '../util/memo.js';
import { SourceValues } from '../util/source.js';
import type { CompiledRule } from './compile.js';
import {
  BASES,
  type Basis,
  type Finding,
  type FindingFactors,
  type LegalBasis,
  type OutcomeStatus,
  type RuleOutcome,
  type Scope,
} from './types.js';

export interface EvaluateOptions {
  /** Record every evaluated target per rule (JUnit needs passes too). */
  recordTargets?: boolean;
  /**
   * With `recordTargets`: once more than this many targets are recorded, passing and not-applicable ones are no longer
   * kept (those recorded so far are dropped), only the ones that fail or err. A JUnit report kept within as many test
   * cases (`--junit-max-tests`) counts them per rule from the outcome's counts instead: 4.3 million targets at 100k
   * vendors, nearly all passes, held until the report was written.
   */
  targetLimit?: number;
  /** Where the organisation block is, for organisation-scope findings. */
  locateOrganisation?: () => SourceLocation | undefined;
}

export interface Evaluation {
  findings: Finding[];
  outcomes: RuleOutcome[];
}

const SENSITIVITY: Record<string, number> = {
  genomic: 1,
  omic: 1,
  biometric: 1,
  government: 1,
  health: 0.9,
  'precise-geolocation': 0.9,
  financial: 0.8,
  credentials: 0.8,
  personal: 0.7,
  'intellectual-property': 0.6,
  other: 0.3,
  unknown: 0.3,
};

/** Stable across runs and line moves: keyed on rule, vendor, service and data set only. */
export function fingerprint(parts: readonly string[]): string {
  return fingerprintOf(parts.join('\u0000'));
}

/**
 * The first 32 hex digits of the sha256 of `text` (its parts joined by NUL). Written from the raw digest (one
 * character per byte) as one flat string: the hex digest's `.slice(0, 32)` kept the whole 64-digit digest alive
 * behind every finding's fingerprint (112 bytes instead of 48), and took longer.
 */
function fingerprintOf(text: string): string {
  const raw = sha256Latin1(text);
  for (let i = 0; i < 16; i++) {
    const byte = raw.charCodeAt(i);
    HEX_CODES[2 * i] = HEX_DIGITS[byte >> 4];
    HEX_CODES[2 * i + 1] = HEX_DIGITS[byte & 15];
  }
  return String.fromCharCode.apply(null, HEX_CODES);
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Scratch space for fingerprintOf (filled completely on every call). */
const HEX_CODES: number[] = new Array(32).fill(0);

/**
 * sha256 of a string's UTF-8 bytes, one character per byte ('binary', i.e. latin1). The one-shot `crypto.hash` (Node ≥ 20.12)
 * costs a third of a Hash object per finding; older Node 20 releases fall back to `createHash` (same digest).
 */
const sha256Latin1: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'binary')
    : (text) => crypto.createHash('sha256').update(text).digest('binary');

/** A rule's status on one target, as a scope's tests give it (`STATUS` names each). */
const NOT_APPLICABLE = 0;
const PASS = 1;
const FAIL = 2;
const ERROR = 3;
const STATUS: readonly OutcomeStatus[] = ['not_applicable', 'pass', 'fail', 'error'];

/**
 * The tests of one scope's rules on one target: `statuses[i]` set for the i-th rule (not applicable, pass, fail, or
 * error when a test threw, what it threw in `thrown[i]`).
 */
type ScopeTests = (facts: FactSet, asOfDay: number, statuses: Int8Array, thrown: unknown[]) => void;

/**
 * A scope's tests as the source of one function (`new Function`, as the rules' conditions are compiled): each rule's
 * `appliesWhen` and `when` called from a site of its own, in the rules' order, instead of every rule's from one
 * shared call site (4.3 million calls at 100k vendors).
 */
function scopeTests(scope: readonly { rule: CompiledRule }[]): ScopeTests {
  if (scope.length === 0) return NO_TESTS;
  const values = new SourceValues();
  const lines = scope.map(({ rule }, i) => {
    const applies = rule.applies ? `!${values.name(rule.applies)}(f, d) ? ${NOT_APPLICABLE} : ` : '';
    return `try { s[${i}] = ${applies}${values.name(rule.fails)}(f, d) ? ${FAIL} : ${PASS}; } catch (error) { s[${i}] = ${ERROR}; e[${i}] = error; }`;
  });
  return values.compile<ScopeTests>(`return (f, d, s, e) => {\n${lines.join('\n')}\n};`);
}

const NO_TESTS: ScopeTests = () => {};

function sensitivityOf(categories: readonly string[]): number {
  let s = 0;
  for (const c of categories) s = Math.max(s, SENSITIVITY[c] ?? 0.3);
  return s;
}

/**
 * Evaluate compiled rules over the enriched inventory in a single pass: each target's fact set is
 * built once and every rule of that scope runs against it.
 */
export function evaluate(
  enriched: EnrichedInventory,
  rules: readonly CompiledRule[],
  options: EvaluateOptions = {},
): Evaluation {
  const asOfDay = parseDay(enriched.asOf) ?? 0;
  const outcomes = new Map<string, RuleOutcome>();
  for (const rule of rules) {
    outcomes.set(rule.definition.id, {
      ruleId: rule.definition.id,
      pass: 0,
      fail: 0,
      not_applicable: 0,
      error: 0,
      ...(options.recordTargets ? { targets: [] } : {}),
    });
  }
  // each rule's outcome and finding parts resolved once (not looked up per target), and each scope's tests as one
  // function
  type Entry = { rule: CompiledRule; outcome: RuleOutcome; parts: RuleParts };
  const entries: Record<Scope, Entry[]> = { organisation: [], vendor: [], service: [], data: [] };
  for (const rule of rules)
    entries[rule.definition.scope].push({
      rule,
      outcome: outcomes.get(rule.definition.id) as RuleOutcome,
      parts: new RuleParts(rule),
    });
  const record = options.recordTargets === true;
  const limit = options.targetLimit ?? Number.POSITIVE_INFINITY;
  let recorded = 0;
  // past `limit`: passing and not-applicable targets are counted, not kept
  let listableOnly = false;
  const findings: Finding[] = [];

  const targetName = (
    vendor: EnrichedVendor | undefined,
    service: EnrichedService | undefined,
    data: DataFacts | undefined,
  ): string => {
    if (!vendor) return 'organisation';
    if (!service) return vendor.facts.id;
    const target = `${vendor.facts.id}/${service.facts.id}`;
    return data === undefined ? target : `${target}/data/${data.index}`;
  };

  const targets = new TargetParts(options.locateOrganisation);
  // what a scope's tests give for one target: a status per rule, and what a rule that failed to run threw
  const size = Math.max(...Object.values(entries).map((list) => list.length));
  const statuses = new Int8Array(size);
  const thrown: unknown[] = new Array(size).fill(undefined);

  /** Every rule of one scope on one target: its status counted, a finding made for each rule that fails. */
  const run = (
    scope: Entry[],
    tests: ScopeTests,
    facts: FactSet,
    vendor: EnrichedVendor | undefined,
    service: EnrichedService | undefined,
    data: DataFacts | undefined,
  ): void => {
    tests(facts, asOfDay, statuses, thrown);
    for (let i = 0; i < scope.length; i++) {
      const entry = scope[i];
      const { rule, outcome } = entry;
      let status = statuses[i];
      let message: string | undefined;
      if (status === FAIL) {
        try {
          // rendered here so that a template that throws fails its rule on this target, as any test does; the
          // finding renders it again when it is read (EvaluatedFinding), and this text dies young
          message = rule.message(facts);
          findings.push(buildFinding(entry.parts, facts, targets.of(vendor, service, data, facts)));
        } catch (error) {
          status = ERROR;
          thrown[i] = error;
        }
      }
      if (status === ERROR) {
        const error = thrown[i];
        thrown[i] = undefined;
        message = `rule ${rule.definition.id} failed on ${targetName(vendor, service, data)}: ${(error as Error).message}`;
        outcome.errors = [...(outcome.errors ?? []), message];
      }
      // a property each (not outcome[status]: one keyed store with four names for every rule and target)
      if (status === FAIL) outcome.fail++;
      else if (status === PASS) outcome.pass++;
      else if (status === NOT_APPLICABLE) outcome.not_applicable++;
      else outcome.error++;
      if (record && !(listableOnly && (status === PASS || status === NOT_APPLICABLE))) {
        outcome.targets?.push({ target: targetName(vendor, service, data), status: STATUS[status], message });
        if (++recorded > limit && !listableOnly) {
          listableOnly = true;
          for (const o of outcomes.values())
            if (o.targets) o.targets = o.targets.filter((t) => t.status !== 'pass' && t.status !== 'not_applicable');
        }
      }
    }
  };

  const organisationRules = entries.organisation;
  const organisationFacts: FactSet = { organisation: enriched.organisation, asOf: enriched.asOf };
  run(organisationRules, scopeTests(organisationRules), organisationFacts, undefined, undefined, undefined);

  // One fact set per scope, reused for every target (fields reassigned, same keys in the same order
  // as before): rules read it synchronously and nothing keeps a reference to it.
  const organisation = enriched.organisation;
  const asOf = enriched.asOf;
  const vendorFacts = { organisation, vendor: undefined, asOf } as FactSet;
  const serviceFacts = { organisation, vendor: undefined, asOf, service: undefined } as FactSet;
  const dataFacts = { organisation, vendor: undefined, asOf, service: undefined, data: undefined } as FactSet;
  const vendorRules = entries.vendor;
  const serviceRules = entries.service;
  const dataRules = entries.data;
  const vendorTests = scopeTests(vendorRules);
  const serviceTests = scopeTests(serviceRules);
  const dataTests = scopeTests(dataRules);
  for (let v = 0; v < enriched.vendors.length; v++) {
    const vendor = enriched.vendors[v];
    targets.vendorAt = v;
    vendorFacts.vendor = vendor.facts;
    run(vendorRules, vendorTests, vendorFacts, vendor, undefined, undefined);
    if (serviceRules.length === 0 && dataRules.length === 0) continue;
    serviceFacts.vendor = vendor.facts;
    dataFacts.vendor = vendor.facts;
    for (const service of vendor.services) {
      serviceFacts.service = service.facts;
      run(serviceRules, serviceTests, serviceFacts, vendor, service, undefined);
      if (dataRules.length === 0) continue;
      dataFacts.service = service.facts;
      for (const data of service.data) {
        dataFacts.data = data;
        run(dataRules, dataTests, dataFacts, vendor, service, data);
      }
    }
  }

  findings.sort(compareFindings);
  return { findings, outcomes: [...outcomes.values()] };
}

/** The regimes a finding claims and the section that makes each hold (shared, read-only). */
interface Claims {
  regimes: string[];
  legalBasis: LegalBasis[];
}

/** Past this many regimes in a rule, the claims of each finding are worked out on their own (not by bit mask). */
const MASK_BITS = 30;

/** What the findings of one rule share, worked out once per evaluation instead of once per finding. */
class RuleParts {
  readonly rule: CompiledRule;
  /** `rule id` + NUL: the start of every fingerprint's text. */
  readonly key: string;
  /** The claims of a finding when the rule's regimes are not narrowed by regimesFrom. */
  readonly #all: Claims;
  /** Claims by which of the rule's regimes a regimesFrom value holds (bit i: regimes[i]). */
  readonly #byMask = new Map<number, Claims>();

  constructor(rule: CompiledRule) {
    this.rule = rule;
    this.key = `${rule.definition.id}\u0000`;
    this.#all = this.#claims(rule.definition.regimes);
  }

  /** The rule's regimes, narrowed to those the fact at regimesFrom holds (when it is a list). */
  claims(facts: FactSet): Claims {
    const { rule } = this;
    if (!rule.regimesFrom) return this.#all;
    const applicable = rule.regimesFrom(facts);
    if (!Array.isArray(applicable)) return this.#all;
    const regimes = rule.definition.regimes;
    if (regimes.length > MASK_BITS) return this.#claims(regimes.filter((r) => applicable.includes(r)));
    let mask = 0;
    for (let i = 0; i < regimes.length; i++) if (applicable.includes(regimes[i])) mask |= 1 << i;
    let claims = this.#byMask.get(mask);
    if (claims === undefined) {
      claims = this.#claims(regimes.filter((_, i) => (mask & (1 << i)) !== 0));
      this.#byMask.set(mask, claims);
    }
    return claims;
  }

  #claims(regimes: string[]): Claims {
    const citations = this.rule.definition.citations;
    // the section that makes each claimed regime hold, as the rule cites it
    const legalBasis: LegalBasis[] = [];
    for (const regime of regimes) {
      const citation = citations?.[regime];
      if (citation) legalBasis.push({ regime, citation });
    }
    return { regimes, legalBasis: legalBasis.length === 0 ? EMPTY : legalBasis.slice() };
  }
}

/** What the findings of one target share. */
interface Target {
  vendor: EnrichedVendor | undefined;
  service: EnrichedService | undefined;
  data: DataFacts | undefined;
  refs: Pick<Finding, 'vendor' | 'service' | 'data'>;
  /** `vendor id` NUL `service id` NUL `index:category`: the end of every fingerprint's text. */
  key: string;
  factors: FindingFactors;
  location: SourceLocation | undefined;
  /** The facts the target was evaluated with (a copy: evaluation reuses one fact set per scope). */
  facts: FactSet;
}

/** Evidence values of one finding before they are copied to a list of their own (reused: evaluation is synchronous). */
const scratch: string[] = [];

function buildFinding(parts: RuleParts, facts: FactSet, target: Target): Finding {
  const { rule } = parts;
  const def = rule.definition;
  scratch.length = 0;
  for (const get of rule.evidence) {
    const value = get(facts);
    if (typeof value === 'string' && value) scratch.push(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' && v) scratch.push(v);
  }
  // exact size, or the shared empty list: findings live until written
  const evidence: string[] = scratch.length === 0 ? EMPTY : scratch.slice();
  const { regimes, legalBasis } = parts.claims(facts);
  // a basisFrom value outside BASES falls back to the rule's basis; no basis at all is 'unknown'
  let basis: Basis = def.basis ?? 'unknown';
  if (rule.basisFrom) {
    const value = rule.basisFrom(facts);
    if ((BASES as readonly unknown[]).includes(value)) basis = value as Basis;
  }
  let ruleSeverity = def.severity;
  if (rule.severityFrom) {
    const value = rule.severityFrom(facts);
    if ((SEVERITIES as readonly unknown[]).includes(value)) ruleSeverity = value as Severity;
  }
  const { service } = target;
  return new EvaluatedFinding(
    {
      fingerprint: fingerprintOf(parts.key + target.key),
      ruleId: def.id,
      title: def.title,
      severity: def.basis || def.basisFrom ? severityFor(basis, ruleSeverity) : ruleSeverity,
      scope: def.scope,
      vendor: target.refs.vendor,
      service: target.refs.service,
      data: target.refs.data,
      basis,
      regimes,
      legalBasis,
      evidence,
      location: target.location,
      references: def.references,
      remediation: def.remediation,
      inferred: service && service.facts.inferred.length > 0 ? service.facts.inferred : undefined,
      factors: target.factors,
    },
    rule.message,
    target.facts,
    'open',
    undefined,
  );
}

/** What a finding is made of but its message, its status and its waiver. */
type FindingFields = Omit<Finding, 'message' | 'status' | 'waiver'>;

/**
 * A finding as `evaluate` makes it: plain data with the keys of `Finding` in their order, except that `message` is
 * made again from its rule's template and its target's facts each time it is read, instead of being held from
 * evaluation until the report is written. A message quotes its vendor's explanation or control sentence (a
 * thousand characters and more, two bytes each for their arrows), and the facts it is made from are held anyway:
 * held messages were a third of what was live at the end of a 100k `lattice` check (docs/performance-history.md, "Pass 21").
 *
 * It reads as any finding does: `message` is an own enumerable property (an accessor), so `JSON.stringify`, a
 * spread copy (which holds the text) and a deep equality see it where a plain finding has it. Setting `message`
 * makes it a plain property. The text last read is kept, so a writer that reads it twice renders it once.
 */
class EvaluatedFinding implements Finding {
  declare fingerprint: string;
  declare ruleId: string;
  declare title: string;
  declare severity: Severity;
  declare scope: Finding['scope'];
  declare vendor: Finding['vendor'];
  declare service: Finding['service'];
  declare data: Finding['data'];
  declare message: string;
  declare basis: Basis;
  declare regimes: string[];
  declare legalBasis: LegalBasis[];
  declare evidence: string[];
  declare location: SourceLocation | undefined;
  declare references: Finding['references'];
  declare remediation: string;
  declare inferred: Finding['inferred'];
  declare factors: FindingFactors;
  declare status: Finding['status'];
  declare waiver?: Finding['waiver'];

  readonly #render: (facts: FactSet) => string;
  readonly #facts: FactSet;

  /** The finding whose message was read last, and that message. */
  static #last: EvaluatedFinding | undefined;
  static #lastText = '';

  /** `message`: the same accessor for every finding, so that they all share one shape. */
  static readonly #message: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: EvaluatedFinding): string {
      if (EvaluatedFinding.#last !== this) {
        EvaluatedFinding.#lastText = this.#render(this.#facts);
        EvaluatedFinding.#last = this;
      }
      return EvaluatedFinding.#lastText;
    },
    set(this: EvaluatedFinding, value: string): void {
      Object.defineProperty(this, 'message', { value, writable: true, enumerable: true, configurable: true });
    },
  };

  constructor(
    fields: FindingFields,
    render: (facts: FactSet) => string,
    facts: FactSet,
    status: Finding['status'],
    waiver: Finding['waiver'],
  ) {
    this.#render = render;
    this.#facts = facts;
    // the keys of a finding in their order (compact.ts, ENGINE_FINDING_KEYS): the writer reads them in it
    this.fingerprint = fields.fingerprint;
    this.ruleId = fields.ruleId;
    this.title = fields.title;
    this.severity = fields.severity;
    this.scope = fields.scope;
    this.vendor = fields.vendor;
    this.service = fields.service;
    this.data = fields.data;
    Object.defineProperty(this, 'message', EvaluatedFinding.#message);
    this.basis = fields.basis;
    this.regimes = fields.regimes;
    this.legalBasis = fields.legalBasis;
    this.evidence = fields.evidence;
    this.location = fields.location;
    this.references = fields.references;
    this.remediation = fields.remediation;
    this.inferred = fields.inferred;
    this.factors = fields.factors;
    this.status = status;
    if (waiver !== undefined) this.waiver = waiver;
  }

  /**
   * `f` with another status (and a waiver, else its own): for a finding `evaluate` made, a finding that still makes its
   * message when it is read; for any other, a copy (`{ ...f, status, waiver }`).
   */
  static restated(f: Finding, status: Finding['status'], waiver?: Finding['waiver']): Finding {
    if (!(#render in f)) return waiver === undefined ? { ...f, status } : { ...f, status, waiver };
    return new EvaluatedFinding(f, f.#render, f.#facts, status, waiver ?? f.waiver);
  }
}

/**
 * `f` with another status and, when given, a waiver (last, after `status`), as `{ ...f, status, waiver }` gives; a
 * finding `evaluate` made still makes its message when it is read.
 */
export function restateFinding(f: Finding, status: Finding['status'], waiver?: Finding['waiver']): Finding {
  return EvaluatedFinding.restated(f, status, waiver);
}

/**
 * The parts of a finding that depend on its target only (the `vendor`, `service` and `data` parts are made once per
 * target and shared, read-only, by its findings): targets are evaluated one after the other, so the last one made is
 * the one to reuse.
 */
class TargetParts {
  /** The vendor being evaluated and its position among the inventory's vendors. */
  vendorAt = 0;
  readonly #vendor = lastOf((v: EnrichedVendor): NonNullable<Finding['vendor']> => new VendorRef(v, this.vendorAt));
  readonly #service = lastOf(
    (s: EnrichedService): NonNullable<Finding['service']> =>
      Object.freeze({ id: s.facts.id, name: s.facts.name, provider: s.facts.provider.id }),
  );
  readonly #data = lastOf(
    (d: DataFacts): NonNullable<Finding['data']> => Object.freeze({ index: d.index, category: d.category }),
  );
  readonly #locateOrganisation: (() => SourceLocation | undefined) | undefined;
  #last: Target | undefined;
  /** Factors without a volume (vendor and organisation targets, services without data), shared by value. */
  readonly #noVolume = new Map<string, FindingFactors>();

  constructor(locateOrganisation: (() => SourceLocation | undefined) | undefined) {
    this.#locateOrganisation = locateOrganisation;
  }

  #factors(sensitivity: number, volume: number, criticality: string): FindingFactors {
    if (volume !== 0) return { sensitivity, volume, criticality };
    return cached(this.#noVolume, `${sensitivity}\u0000${criticality}`, () => ({ sensitivity, volume, criticality }));
  }

  of(
    vendor: EnrichedVendor | undefined,
    service: EnrichedService | undefined,
    data: DataFacts | undefined,
    facts: FactSet,
  ): Target {
    const last = this.#last;
    if (last !== undefined && last.vendor === vendor && last.service === service && last.data === data) return last;
    const categories = data ? [data.category] : (service?.facts.categories ?? []);
    const volume = data
      ? (data.usPersons ?? data.devices ?? 0)
      : (service?.raw.data ?? []).reduce((n, d) => n + (d.usPersons ?? d.devices ?? 0), 0);
    const target: Target = {
      vendor,
      service,
      data,
      refs: {
        vendor: vendor ? this.#vendor(vendor) : undefined,
        service: service ? this.#service(service) : undefined,
        data: data ? this.#data(data) : undefined,
      },
      key: `${vendor?.facts.id ?? ''}\u0000${service?.facts.id ?? ''}\u0000${data ? `${data.index}:${data.category}` : ''}`,
      factors: this.#factors(
        sensitivityOf(categories),
        volume,
        service?.facts.criticality ?? vendor?.facts.criticality ?? 'medium',
      ),
      location: service?.location ?? vendor?.location ?? (vendor ? undefined : this.#locateOrganisation?.()),
      facts: { ...facts },
    };
    this.#last = target;
    return target;
  }
}

/**
 * A finding's vendor part: the vendor's id and name (all that is written or copied: the position is a private field)
 * and its position among the inventory's vendors, so that scoring finds the vendor without looking its id up.
 */
export class VendorRef {
  readonly id: string;
  readonly name: string;
  readonly #position: number;

  constructor(vendor: EnrichedVendor, position: number) {
    this.id = vendor.facts.id;
    this.name = vendor.facts.name;
    this.#position = position;
    Object.freeze(this);
  }

  /** The position a vendor part was made with; undefined for one made elsewhere (a copy, a test's). */
  static positionOf(ref: object): number | undefined {
    return #position in ref ? (ref as VendorRef).#position : undefined;
  }
}

/**
 * Severity follows the basis (docs/legal-model.md): a prohibition is critical; a restricted transaction, an
 * obligation or an exposure is at most high (the rule's own severity when lower); a missing fact is at most medium.
 */
const SEVERITY_CEILING: Record<Basis, Severity> = {
  prohibited: 'critical',
  restricted: 'high',
  reportable: 'high',
  exposure: 'high',
  unknown: 'medium',
};

export function severityFor(basis: Basis, ruleSeverity: Severity): Severity {
  if (basis === 'prohibited') return 'critical';
  const ceiling = SEVERITY_CEILING[basis];
  return severityRank(ruleSeverity) < severityRank(ceiling) ? ceiling : ruleSeverity;
}

export function severityRank(s: Severity): number {
  return SEVERITY_RANK.get(s) ?? -1;
}

/** Each severity's place in SEVERITIES (sorting 98k findings asked for it 3.4 million times). */
const SEVERITY_RANK: ReadonlyMap<string, number> = new Map(SEVERITIES.map((s, i) => [s, i]));

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    cmp(a.vendor?.id ?? '', b.vendor?.id ?? '') ||
    cmp(a.service?.id ?? '', b.service?.id ?? '') ||
    cmp(a.ruleId, b.ruleId) ||
    (a.data?.index ?? -1) - (b.data?.index ?? -1)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
