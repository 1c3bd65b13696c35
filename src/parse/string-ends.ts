/**
 * Where string bodies end in a text, by the pre-scans' rules (parse.ts's depth check, json-scan.ts): at an
 * unescaped quote, or (YAML recovery) at a newline; a backslash skips the character after it. Jumps with indexOf
 * (native) to the next quote, backslash and newline instead of stepping one character at a time; the three it
 * found are kept and only move forward, so the calls of one pass over a text stay linear in all.
 */
export class StringEnds {
  /** Whether the body of the last string found has a backslash. */
  escaped = false;
  // the next quote, backslash and newline at or after where they were last looked for; -2: none left
  #quote = -1;
  #backslash = -1;
  #newline = -1;

  constructor(private readonly text: string) {}

  /** The offset of the quote or newline that ends the string body starting at `from`, or -1: it runs to the end. */
  end(from: number): number {
    const text = this.text;
    const n = text.length;
    let j = from;
    this.escaped = false;
    for (;;) {
      if (this.#quote < j && this.#quote !== -2) {
        this.#quote = text.indexOf('"', j);
        if (this.#quote === -1) this.#quote = -2;
      }
      if (this.#backslash < j && this.#backslash !== -2) {
        this.#backslash = text.indexOf('\\', j);
        if (this.#backslash === -1) this.#backslash = -2;
      }
      if (this.#newline < j && this.#newline !== -2) {
        this.#newline = text.indexOf('\n', j);
        if (this.#newline === -1) this.#newline = -2;
      }
      const q = this.#quote === -2 ? n : this.#quote;
      const b = this.#backslash === -2 ? n : this.#backslash;
      const nl = this.#newline === -2 ? n : this.#newline;
      if (b < q && b < nl) {
        this.escaped = true;
        j = b + 2; // the escaped character is skipped
        if (j >= n) return -1;
        continue;
      }
      if (q === n && nl === n) return -1;
      return Math.min(q, nl);
    }
  }
}
