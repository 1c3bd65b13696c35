/**
 * Pure helpers over restricted lists and list memberships, dated by `--as-of`.
 * Dates are ISO calendar days (YYYY-MM-DD), which compare correctly as strings.
 */
import { parseDay } from '../util/dates.js';
import type { EffectiveDate, Entity, ListMembership, OwnershipRule, RestrictedList } from './types.js';

/**
 * Whether a membership holds on `asOf`: added on or before it (or date unknown) and not removed yet.
 * `until` is the removal date: the entity is no longer a member on that day.
 */
export function isCurrentMembership(membership: ListMembership, asOf: string): boolean {
  if (membership.since !== undefined && membership.since > asOf) return false;
  if (membership.until !== undefined && membership.until <= asOf) return false;
  return true;
}

/** The entity's list memberships that hold on `asOf`, in catalogue order. */
export function currentMemberships(entity: Pick<Entity, 'lists'>, asOf: string): ListMembership[] {
  return (entity.lists ?? []).filter((m) => isCurrentMembership(m, asOf));
}

/** Whether the rule is suspended on `asOf` (`until` is the last day of the suspension, inclusive). */
export function isSuspended(rule: OwnershipRule, asOf: string): boolean {
  const s = rule.suspended;
  if (!s) return false;
  return s.from <= asOf && (s.until === undefined || asOf <= s.until);
}

/** The list's ownership rule when it applies on `asOf` (absent, or suspended → undefined). */
export function activeOwnershipRule(list: RestrictedList, asOf: string): OwnershipRule | undefined {
  const rule = list.ownershipRule;
  return rule && !isSuspended(rule, asOf) ? rule : undefined;
}

/** The dated consequences of membership that are in force on `asOf`, oldest first. */
export function effectsInForce(list: RestrictedList, asOf: string): EffectiveDate[] {
  return (list.effectiveDates ?? []).filter((e) => e.from <= asOf).sort((a, b) => (a.from < b.from ? -1 : 1));
}

/** Catalogues whose newest fact is older than this many days before `--as-of` are reported as stale. */
export const STALE_AFTER_DAYS = 180;

export interface CatalogFreshness {
  /** Newest `asOf` of any fact in the catalogue. */
  newestAsOf: string;
  /** Whole days from `newestAsOf` to the run's `--as-of`. */
  ageDays: number;
  /** True when `ageDays` is more than `STALE_AFTER_DAYS`. */
  stale: boolean;
}

/** How old the catalogue is on `asOf`; undefined when it has no dated fact or a date is malformed. */
export function catalogFreshness(newestAsOf: string | undefined, asOf: string): CatalogFreshness | undefined {
  if (newestAsOf === undefined) return undefined;
  const from = parseDay(newestAsOf);
  const to = parseDay(asOf);
  if (from === undefined || to === undefined) return undefined;
  const ageDays = to - from;
  return { newestAsOf, ageDays, stale: ageDays > STALE_AFTER_DAYS };
}
