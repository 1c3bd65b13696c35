import { severityRank } from '../../engine/evaluate.js';
import { SEVERITIES, type Severity } from '../../model/types.js';

/**
 * Which items a report kept within a number of them lists (`--junit-max-tests`, `--sarif-max-results`): items are
 * ranked (lower first); every item of a rank below the cut's is listed, and of the cut's own rank the first
 * `allowed` in the report's order. Asked item by item, in the report's order; `again()` for another pass over them.
 */
export class RankCut {
  #seen = 0;
  private constructor(
    readonly rank: number,
    readonly allowed: number,
  ) {}

  /** The cut that lists at most `budget` items, given how many items each rank has (`byRank[rank]`). */
  static of(byRank: readonly number[], budget: number): RankCut {
    let before = 0;
    for (let rank = 0; rank < byRank.length; rank++) {
      if (before + byRank[rank] > budget) return new RankCut(rank, budget - before);
      before += byRank[rank];
    }
    return new RankCut(byRank.length, 0);
  }

  /** The same cut, asked from the first item again. */
  again(): RankCut {
    return new RankCut(this.rank, this.allowed);
  }

  /** Whether the next item, of rank `rank`, is listed. */
  lists(rank: number): boolean {
    if (rank !== this.rank) return rank < this.rank;
    return this.#seen++ < this.allowed;
  }

  /** How many of `count` items are listed when they are every item of rank `rank` (none of it asked for yet). */
  listedOf(rank: number, count: number): number {
    return rank < this.rank ? count : rank === this.rank ? Math.min(count, this.allowed) : 0;
  }
}

/** A severity's place from critical (0) to info; an unknown one is placed with info. */
export function severityOrder(severity: string): number {
  const rank = severityRank(severity as Severity);
  return rank < 0 ? SEVERITIES.length - 1 : rank;
}
