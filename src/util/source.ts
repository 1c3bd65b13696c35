/**
 * The values a function written as source refers to, passed in when it is compiled with `new Function` and never
 * written into its source (sets, regular expressions, functions: the rules' getters and tests, the schema's checks).
 * The source names each by what `name` gives (c0, c1, …).
 */
export class SourceValues {
  readonly #values: unknown[] = [];

  /** The name the source uses for `value`. */
  name(value: unknown): string {
    this.#values.push(value);
    return `c${this.#values.length - 1}`;
  }

  /** Compiles `body` (a function body that returns the compiled function) with every named value in scope. */
  compile<T>(body: string): T {
    const names = this.#values.map((_, i) => `c${i}`);
    return new Function(...names, body)(...this.#values) as T;
  }
}
