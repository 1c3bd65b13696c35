/**
 * A report's long lists (`vendors`, `findings`) made one item at a time (pure).
 *
 * A 100k-vendor report would otherwise hold a summary per vendor and a report copy per finding, all at
 * once, for as long as it is written: about 80 MiB of heap when the check's heap peaks. Instead the report
 * built by buildReport holds each list as a getter over an item list: the JSON writer takes one item after
 * the other from the list (nothing kept), while any other reader of `report.vendors` / `report.findings`
 * (the other formatters, tests, an API caller) gets the whole array, made on first use and kept. Both read
 * the same items: the array's item i is `at(i)`.
 */
import type { Finding } from '../engine/types.js';
import type { ReportCompactor } from './compact.js';
import type { Report, ReportVendor } from './types.js';

export interface ItemList<T> {
  readonly length: number;
  /** Item i, as the whole list holds it. */
  at(index: number): T;
  /**
   * Item i as the JSON report writes it (schema 3.0.0), `compactor.vendor(at(i))`, made straight from what `at(i)` is
   * made from, when the list can (buildReport's vendors): one object per item instead of two.
   */
  compactAt?(index: number, compactor: ReportCompactor): unknown;
}

/**
 * The report's findings: item i is `parts(i).finding`, with `catalogFacts` set to `parts(i).catalogFacts`
 * when there are any (as `{ ...finding, catalogFacts }`), so a writer need not copy the finding to add them.
 */
export interface FindingList extends ItemList<Finding> {
  parts(index: number): { finding: Finding; catalogFacts: string[] | undefined };
}

/** A list whose items are made on demand, and its array once someone asks for it (or sets one). */
export class LazyItems<T, L extends ItemList<T> = ItemList<T>> {
  private whole: T[] | undefined;

  constructor(private readonly items: L) {}

  /** The whole array, made once. */
  all(): T[] {
    if (this.whole === undefined) {
      const out = new Array<T>(this.items.length);
      for (let i = 0; i < out.length; i++) out[i] = this.items.at(i);
      this.whole = out;
    }
    return this.whole;
  }

  replace(value: T[]): void {
    this.whole = value;
  }

  /** The item list while no array was made or set (after that, the array is what the report holds). */
  pending(): L | undefined {
    return this.whole === undefined ? this.items : undefined;
  }
}

/** Item i of a finding list as `FindingList.at` defines it from its parts. */
export function findingAt(list: Pick<FindingList, 'parts'>, index: number): Finding {
  const { finding, catalogFacts } = list.parts(index);
  return catalogFacts ? { ...finding, catalogFacts } : finding;
}

export interface ReportItems {
  vendors: LazyItems<ReportVendor>;
  findings: LazyItems<Finding, FindingList>;
  /** The findings the report's are made from: the same severity and status, item for item. */
  source: readonly Pick<Finding, 'severity' | 'status'>[];
}

const LAZY = new WeakMap<object, ReportItems>();

/** Record the lazy lists behind a report's `vendors` / `findings` getters (buildReport does). */
export function registerItems(report: Report, items: ReportItems): void {
  LAZY.set(report, items);
}

/**
 * The report's vendors one at a time, while that list has not been made whole (undefined otherwise, and
 * for any report not made by buildReport: then read `report.vendors`).
 */
export function pendingVendors(report: Report): ItemList<ReportVendor> | undefined {
  return LAZY.get(report)?.vendors.pending();
}

/** The report's findings one at a time, as pendingVendors. */
export function pendingFindings(report: Report): FindingList | undefined {
  return LAZY.get(report)?.findings.pending();
}

/**
 * The report's findings for a writer that takes them one after the other (SARIF, CSV, Markdown): while the list
 * is pending, each made when asked for and not kept, without the `catalogFacts` that only the JSON report writes;
 * else the report's array.
 */
export function findingsOneByOne(report: Report): ItemList<Finding> {
  const pending = pendingFindings(report);
  if (pending === undefined) {
    const findings = report.findings;
    return { length: findings.length, at: (index) => findings[index] };
  }
  return { length: pending.length, at: (index) => pending.parts(index).finding };
}

/**
 * What to count the report's findings by severity and status from, without making them whole: the
 * findings they are made from while the list is pending, else the list itself.
 */
export function findingsToCount(report: Report): readonly Pick<Finding, 'severity' | 'status'>[] {
  const lazy = LAZY.get(report);
  return lazy?.findings.pending() ? lazy.source : report.findings;
}
