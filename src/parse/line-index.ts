/**
 * Counts the work done to locate values, so a test can prove it does not depend on the size or the layout
 * of the input (one-line or pretty-printed): characters of text examined and binary-search steps taken.
 * Optional everywhere; nothing counts unless one is passed in.
 */
export interface LocateWork {
  /** Characters of the text examined by scans. */
  chars: number;
  /** Lines examined (binary-search steps over line starts). */
  lines: number;
}

/** Offsets → 1-based line and column, built once per text (linear), looked up by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    text: string,
    private readonly work?: LocateWork,
  ) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    let steps = 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
      steps++;
    }
    if (this.work) this.work.lines += steps;
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

/**
 * Line and column of `offset`, counting from a known position `base` (at `line`, `column`) at or before it:
 * examines only the text between the two (e.g. inside one vendor), never the text before `base`.
 */
export function positionFrom(
  text: string,
  base: number,
  line: number,
  column: number,
  offset: number,
  work?: LocateWork,
): { line: number; column: number } {
  let lastNewline = -1;
  for (let i = base; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  if (work) work.chars += offset - base;
  return { line, column: lastNewline === -1 ? column + (offset - base) : offset - lastNewline };
}
