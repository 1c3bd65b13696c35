/**
 * One member of a JSON document's top-level object, read from the head of the text without parsing (or holding)
 * the rest: a JSON report's `summary` comes before its vendors and findings, so the GitHub Action's `score` and
 * `verdict` outputs need the first few kilobytes of a report however large it is (a report past V8's longest
 * string, 512 MiB, cannot be read whole at all).
 *
 * The text is fed in pieces, each character looked at once: the work is linear in the head read, never in the
 * document. Only the value's own text is kept. The first member of that name counts (a JSON report has no
 * repeated keys; `JSON.parse` would keep the last).
 */

/** What a `feed` found so far. */
export type HeadMember =
  /** The member's value, whole (its JSON text, ready for `JSON.parse`). */
  | { state: 'found'; text: string }
  /** Not yet: feed more text. */
  | { state: 'more' }
  /** The top-level object closed without the member, or the document is not an object. */
  | { state: 'absent' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}

/** Scans a JSON text fed in pieces for one member of its top-level object. */
export class TopLevelMember {
  /** Nesting depth: 0 outside the document, 1 inside the top-level object. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: the next string is a key (after `{` or `,`), not a value. */
  private expectKey = false;
  /** The raw text of the key being read (at depth 1), and the last key read. */
  private keyText: string | undefined;
  private lastKey: string | undefined;
  /** After the wanted key's `:`, before its value's first character. */
  private awaitingValue = false;
  /** The wanted value's text so far, while it is read. */
  private value: string[] | undefined;
  private done: HeadMember | undefined;

  constructor(private readonly key: string) {}

  /** Feed the next piece of the text; the answer stays the same once it is `found` or `absent`. */
  feed(piece: string): HeadMember {
    if (this.done) return this.done;
    // the start of the part of this piece that belongs to the wanted value, when it is being read
    let valueStart = this.value ? 0 : -1;
    let keyStart = this.keyText !== undefined ? 0 : -1;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (keyStart !== -1) {
            this.keyText = (this.keyText ?? '') + piece.slice(keyStart, i + 1);
            keyStart = -1;
            this.lastKey = JSON.parse(this.keyText) as string;
            this.keyText = undefined;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.depth === 0) {
        // the document itself: an object, or not a report
        if (c !== OPEN_BRACE) return this.finish({ state: 'absent' });
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      if (this.awaitingValue) {
        this.awaitingValue = false;
        this.value = [];
        valueStart = i;
      }
      if (this.depth === 1) {
        if (c === QUOTE && this.expectKey) {
          this.inString = true;
          this.expectKey = false;
          this.keyText = '';
          keyStart = i;
          continue;
        }
        if (c === COLON) {
          if (this.lastKey === this.key) this.awaitingValue = true;
          continue;
        }
        if (c === COMMA || c === CLOSE_BRACE) {
          if (this.value) {
            this.value.push(piece.slice(valueStart, i));
            return this.finish({ state: 'found', text: this.value.join('').trimEnd() });
          }
          if (c === CLOSE_BRACE) return this.finish({ state: 'absent' });
          this.expectKey = true;
          continue;
        }
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.depth--;
    }
    if (this.value && valueStart !== -1) this.value.push(piece.slice(valueStart));
    if (keyStart !== -1) this.keyText = (this.keyText ?? '') + piece.slice(keyStart);
    return { state: 'more' };
  }

  /** The text ended: the member was not found whole. */
  end(): HeadMember {
    return this.done ?? { state: 'absent' };
  }

  private finish(result: HeadMember): HeadMember {
    this.done = result;
    this.value = undefined;
    return result;
  }
}
