/**
 * Facts are read-only once enrichment returns, and most lists in them are empty (no list hit, no regime, no
 * counterparty of concern) or repeat across targets. One frozen empty list is shared by every fact that has no
 * element instead of one array per vendor, service and data set (32 bytes each, ~20 per vendor); a write to it
 * throws instead of leaking into another target's facts.
 */
export const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** `list`, or the shared empty list when it has no element. */
export function orEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list;
}
