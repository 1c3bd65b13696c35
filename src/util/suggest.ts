/** Damerau-free Levenshtein distance, bounded: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max = 64): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = curr[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      if (curr[j] < rowMin) rowMin = curr[j];
    }
    if (rowMin > max) return max + 1;
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}

/** The closest candidate within a distance proportional to the word's length, if any. */
export function didYouMean(word: string, candidateList: Iterable<string>): string | undefined {
  const candidates = [...new Set(candidateList)];
  return closest(
    word,
    candidates,
    candidates.map((c) => c.toLowerCase()),
  );
}

/** didYouMean over candidates already de-duplicated, with their lower-case forms at the same indices. */
function closest(word: string, candidates: readonly string[], lowered: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = lower.length <= 2 ? 0 : Math.max(1, Math.min(4, Math.floor(lower.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    const d = editDistance(lower, lowered[i], limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (bestDistance <= limit) return best;
  // a unique prefix ("huawei" → "huawei-cloud") is a good suggestion too
  if (lower.length >= 3) {
    let prefixed: string | undefined;
    let count = 0;
    for (let i = 0; i < candidates.length && count < 2; i++) {
      if (lowered[i].startsWith(lower)) {
        prefixed = candidates[i];
        count++;
      }
    }
    if (count === 1) return prefixed;
  }
  return undefined;
}

/** Candidate comparisons a Suggester may make in all (≈ 20 unknown words against 100,000 candidates). */
export const SUGGEST_BUDGET = 2_000_000;

/**
 * didYouMean against one candidate set that grows with the input (vendor ids) and is asked once per
 * unknown word: the candidates are prepared once, answers are kept per word, and all questions together
 * compare at most `budget` candidates, so thousands of unknown sub-processors among 100,000 vendors cost
 * linear time. Once the budget is spent, later words get no suggestion (deterministic: same input, same
 * order, same answers).
 */
export class Suggester {
  private readonly candidates: string[];
  private readonly lowered: string[];
  private readonly answers = new Map<string, string | undefined>();

  constructor(
    candidateList: Iterable<string>,
    private budget = SUGGEST_BUDGET,
  ) {
    this.candidates = [...new Set(candidateList)];
    this.lowered = this.candidates.map((c) => c.toLowerCase());
  }

  suggest(word: string): string | undefined {
    if (this.answers.has(word)) return this.answers.get(word);
    let answer: string | undefined;
    if (this.candidates.length <= this.budget) {
      this.budget -= this.candidates.length;
      answer = closest(word, this.candidates, this.lowered);
    }
    this.answers.set(word, answer);
    return answer;
  }
}
