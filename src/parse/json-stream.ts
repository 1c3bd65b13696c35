/**
 * A JSON text read a piece at a time, validated as it goes, and taken apart without being held whole: the
 * members of its top-level object that the caller keeps come out as their JSON text, and the elements of the
 * top-level lists it names (a JSON report's `findings`, or `vendors` and `findings`) one at a time, each with the
 * line and column where it starts.
 * Nothing else is kept, so reading a report's fingerprints costs memory for the fingerprints, not for the report
 * (a report past V8's longest string, 512 MiB, cannot be read whole at all).
 *
 * Every character is looked at once: the work is linear in the text, whatever its layout. The text is checked as
 * `JSON.parse` checks it (RFC 8259: strings, escapes, numbers, literals, commas and colons), and, as residency's
 * reader does, for a key repeated in one object and for nesting deeper than the limit. Each problem is a
 * `JsonStreamError` at its line and column.
 */

/** A problem in the text, where it is (1-based line and column in UTF-16 code units, as LineIndex counts). */
export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** E_PARSE (syntax), E_DUPLICATE_KEY or E_DEPTH, the codes of residency's whole-text reader. */
    readonly code: 'E_PARSE' | 'E_DUPLICATE_KEY' | 'E_DEPTH' | 'E_ENCODING' = 'E_PARSE',
  ) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

export interface JsonStreamOptions {
  /**
   * The top-level members whose value is wanted (as JSON text, to `member`); `'all'`: every member, but for an
   * `items` member that is a list.
   */
  keep: ReadonlySet<string> | 'all';
  /** The top-level members whose elements are wanted one by one (to `item`), when they are lists. */
  items?: ReadonlySet<string>;
  /** Deepest nesting allowed (the top-level value is depth 1). */
  maxDepth: number;
  member(key: string, text: string): void;
  /** Element `index` of the `items` list `key`. */
  item?(text: string, index: number, line: number, column: number, key: string): void;
  /** The `items` list `key` has ended, after `count` elements. */
  list?(key: string, count: number): void;
}

// what comes next, outside a string, number or literal
const VALUE = 0; // a value (the document's, after ':' or after ',' in a list)
const VALUE_OR_CLOSE = 1; // after '['
const KEY_OR_CLOSE = 2; // after '{'
const KEY = 3; // after ',' in an object
const COLON = 4; // after a key
const COMMA_OR_CLOSE = 5; // after a value in an object or a list
const END = 6; // after the document's value: only white space
// inside a token
const STRING = 7;
const ESCAPE = 8; // after '\' in a string
const UNICODE = 9; // in the 4 hex digits of '\u'
const NUMBER = 10;
const LITERAL = 11;

// the parts of a number (RFC 8259 §6), in `numberPart`
const N_MINUS = 0; // after '-': a digit
const N_ZERO = 1; // a leading 0: '.', 'e' or the end
const N_INT = 2; // integer digits
const N_DOT = 3; // after '.': a digit
const N_FRAC = 4; // fraction digits
const N_EXP = 5; // after 'e': a sign or a digit
const N_EXP_SIGN = 6; // after the exponent's sign: a digit
const N_EXP_DIGITS = 7; // exponent digits

const OBJECT = 1;
const LIST = 2;

/** Up to this many keys per object are compared in place; bigger objects switch to a Set. */
const LINEAR_KEYS = 16;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function describe(c: number): string {
  if (c === 0x0a) return 'a line break';
  if (c < 0x20) return `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCharCode(c)}'`;
}

/** Validates a JSON text fed in pieces and hands out the parts the caller asked for. */
export class JsonStream {
  private state = VALUE;
  /** Containers open, innermost last (OBJECT or LIST). */
  private readonly stack: number[] = [];
  /** Per open object: the keys seen (a list while small, then a Set). */
  private readonly keys: (string[] | Set<string>)[] = [];
  private stringIsKey = false;
  private hexLeft = 0;
  private numberPart = N_INT;
  private literal = '';
  private literalAt = 0;

  /** The key being read (its raw text between the quotes, so far), when a key is being read. */
  private keyParts: string[] = [];
  private keyStart = -1;
  private keyHasEscape = false;
  /** The last top-level key: what the next top-level value belongs to. */
  private topKey = '';
  /** Inside an `items` list (depth 2 is its elements). */
  private inItems = false;
  private itemIndex = 0;

  /** The value being kept: its depth (stack length when it started), text so far, start in this piece. */
  private captureDepth = -1;
  private captureParts: string[] = [];
  private captureStart = -1;
  private captureLine = 0;
  private captureColumn = 0;

  /** What the document is (known once it starts), and whether an `items` member was a list. */
  private rootIsObject = false;
  private itemsListSeen = false;
  private readonly keepAll: boolean;
  private readonly keep: ReadonlySet<string>;
  private readonly items: ReadonlySet<string>;

  private line = 1;
  /** Offset of the current line's start, relative to the current piece (negative when it began in an earlier one). */
  private lineStart = 0;

  constructor(private readonly options: JsonStreamOptions) {
    this.keepAll = options.keep === 'all';
    this.keep = options.keep === 'all' ? new Set() : options.keep;
    this.items = options.items ?? new Set();
    // a list's text is never gathered: its elements are handed out one at a time instead
    for (const key of this.items)
      if (this.keep.has(key)) throw new RangeError(`'${key}' is read item by item, not kept`);
  }

  private fail(message: string, i: number, code: JsonStreamError['code'] = 'E_PARSE'): never {
    throw new JsonStreamError(message, this.line, i - this.lineStart + 1, code);
  }

  /** Feed the next piece of the text (throws JsonStreamError at the first problem). */
  feed(piece: string): void {
    const n = piece.length;
    if (this.captureDepth !== -1) this.captureStart = 0;
    if (this.keyStart !== -1) this.keyStart = 0;
    let i = 0;
    while (i < n) {
      const c = piece.charCodeAt(i);
      switch (this.state) {
        case STRING: {
          // the common case first: ordinary characters up to the next quote or backslash
          let j = i;
          let d = c;
          while (d !== 0x22 && d !== 0x5c && d >= 0x20) {
            if (++j === n) break;
            d = piece.charCodeAt(j);
          }
          if (j === n) {
            i = n;
            continue;
          }
          i = j;
          if (d === 0x22) {
            this.state = COMMA_OR_CLOSE; // or COLON, for a key (endString)
            this.endString(piece, i);
          } else if (d === 0x5c) {
            this.state = ESCAPE;
            if (this.stringIsKey) this.keyHasEscape = true;
          } else {
            this.fail(`${describe(d)} inside a string; write it escaped (\\n, \\t, \\u0000)`, i);
          }
          i++;
          continue;
        }
        case ESCAPE:
          if (c === 0x75) {
            this.state = UNICODE;
            this.hexLeft = 4;
          } else if (
            c === 0x22 ||
            c === 0x5c ||
            c === 0x2f ||
            c === 0x62 ||
            c === 0x66 ||
            c === 0x6e ||
            c === 0x72 ||
            c === 0x74
          ) {
            this.state = STRING;
          } else {
            this.fail(`the escape \\${String.fromCharCode(c)} is not JSON`, i);
          }
          i++;
          continue;
        case UNICODE:
          if (!isHex(c)) this.fail(`${describe(c)} in a \\u escape, which needs 4 hex digits`, i);
          if (--this.hexLeft === 0) this.state = STRING;
          i++;
          continue;
        case NUMBER:
          if (this.number(c)) {
            i++;
            continue;
          }
          // the number ended before this character, which is looked at again
          if (!this.numberComplete()) this.fail(`${describe(c)} in a number`, i);
          this.valueEnd(piece, i);
          continue;
        case LITERAL:
          if (c !== this.literal.charCodeAt(this.literalAt)) this.fail(`${describe(c)}: expected ${this.literal}`, i);
          if (++this.literalAt === this.literal.length) this.valueEnd(piece, i + 1);
          i++;
          continue;
      }
      // between tokens
      if (isSpace(c)) {
        if (c === 0x0a) {
          this.line++;
          this.lineStart = i + 1;
        }
        i++;
        continue;
      }
      switch (this.state) {
        case VALUE:
        case VALUE_OR_CLOSE:
          if (c === 0x5d && this.state === VALUE_OR_CLOSE) {
            this.close(LIST, piece, i);
            break;
          }
          this.valueStart(c, i);
          break;
        case KEY_OR_CLOSE:
        case KEY:
          if (c === 0x7d && this.state === KEY_OR_CLOSE) {
            this.close(OBJECT, piece, i);
            break;
          }
          if (c !== 0x22) this.fail(`${describe(c)}: expected a key in double quotes`, i);
          this.state = STRING;
          this.stringIsKey = true;
          this.keyHasEscape = false;
          this.keyParts = [];
          this.keyStart = i + 1;
          break;
        case COLON:
          if (c !== 0x3a) this.fail(`${describe(c)}: expected ':' after the key`, i);
          this.state = VALUE;
          break;
        case COMMA_OR_CLOSE: {
          const top = this.stack[this.stack.length - 1];
          if (c === 0x2c) this.state = top === OBJECT ? KEY : VALUE;
          else if (c === 0x7d && top === OBJECT) this.close(OBJECT, piece, i);
          else if (c === 0x5d && top === LIST) this.close(LIST, piece, i);
          else this.fail(`${describe(c)}: expected ',' or '${top === OBJECT ? '}' : ']'}'`, i);
          break;
        }
        case END:
          this.fail(`${describe(c)} after the end of the document`, i);
      }
      i++;
    }
    // carry what is being read into the next piece
    if (this.captureDepth !== -1) this.captureParts.push(piece.slice(this.captureStart));
    if (this.keyStart !== -1) this.keyParts.push(piece.slice(this.keyStart));
    this.lineStart -= n;
  }

  /** The text has ended (throws when the document is incomplete). */
  end(): void {
    if (this.state === NUMBER && this.numberComplete()) this.valueEnd('', 0);
    if (this.state !== END) {
      throw new JsonStreamError(
        this.stack.length === 0 && this.state === VALUE ? 'the file is empty' : 'the file ends before the JSON does',
        this.line,
        -this.lineStart + 1,
      );
    }
  }

  /** Where the next character fed will be: 1-based line and column (UTF-16 code units, as LineIndex counts). */
  get position(): { line: number; column: number } {
    return { line: this.line, column: -this.lineStart + 1 };
  }

  /** Whether the document is an object. */
  get isObject(): boolean {
    return this.rootIsObject;
  }

  /** Whether one of the document's `items` members is a list (whose elements went to `item`). */
  get sawItems(): boolean {
    return this.itemsListSeen;
  }

  /** Whether the number read so far is a whole number (it may end here). */
  private numberComplete(): boolean {
    const p = this.numberPart;
    return p === N_ZERO || p === N_INT || p === N_FRAC || p === N_EXP_DIGITS;
  }

  /** One more character of a number: whether it belongs to it. */
  private number(c: number): boolean {
    switch (this.numberPart) {
      case N_MINUS:
        if (!isDigit(c)) return false;
        this.numberPart = c === 0x30 ? N_ZERO : N_INT;
        return true;
      case N_ZERO:
      case N_INT:
        if (isDigit(c) && this.numberPart === N_INT) return true;
        if (c === 0x2e) this.numberPart = N_DOT;
        else if (c === 0x65 || c === 0x45) this.numberPart = N_EXP;
        else return false;
        return true;
      case N_DOT:
        if (!isDigit(c)) return false;
        this.numberPart = N_FRAC;
        return true;
      case N_FRAC:
        if (isDigit(c)) return true;
        if (c !== 0x65 && c !== 0x45) return false;
        this.numberPart = N_EXP;
        return true;
      case N_EXP:
        if (c === 0x2b || c === 0x2d) this.numberPart = N_EXP_SIGN;
        else if (isDigit(c)) this.numberPart = N_EXP_DIGITS;
        else return false;
        return true;
      case N_EXP_SIGN:
        if (!isDigit(c)) return false;
        this.numberPart = N_EXP_DIGITS;
        return true;
      default:
        return isDigit(c);
    }
  }

  private valueStart(c: number, i: number): void {
    const depth = this.stack.length;
    if (depth === 0) this.rootIsObject = c === 0x7b;
    const list = depth === 1 && c === 0x5b && this.items.has(this.topKey);
    if ((depth === 1 && !list && (this.keepAll || this.keep.has(this.topKey))) || (depth === 2 && this.inItems)) {
      this.captureDepth = depth;
      this.captureParts = [];
      this.captureStart = i;
      this.captureLine = this.line;
      this.captureColumn = i - this.lineStart + 1;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > this.options.maxDepth) {
        this.fail(`nested more than ${this.options.maxDepth} levels deep`, i, 'E_DEPTH');
      }
      if (list) {
        this.inItems = true;
        this.itemsListSeen = true;
        this.itemIndex = 0;
      }
      this.stack.push(c === 0x7b ? OBJECT : LIST);
      if (c === 0x7b) {
        this.keys.push([]);
        this.state = KEY_OR_CLOSE;
      } else {
        this.state = VALUE_OR_CLOSE;
      }
    } else if (c === 0x22) {
      this.state = STRING;
      this.stringIsKey = false;
    } else if (c === 0x2d || isDigit(c)) {
      this.state = NUMBER;
      this.numberPart = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.state = LITERAL;
      this.literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      this.literalAt = 1;
    } else {
      this.fail(`${describe(c)}: expected a value`, i);
    }
  }

  private close(kind: number, piece: string, i: number): void {
    this.stack.pop();
    if (kind === OBJECT) this.keys.pop();
    if (kind === LIST && this.stack.length === 1 && this.inItems) {
      this.inItems = false;
      this.options.list?.(this.topKey, this.itemIndex);
    }
    this.valueEnd(piece, i + 1);
  }

  private endString(piece: string, i: number): void {
    if (!this.stringIsKey) {
      this.valueEnd(piece, i + 1);
      return;
    }
    this.state = COLON;
    this.keyParts.push(piece.slice(this.keyStart, i));
    this.keyStart = -1;
    const raw = this.keyParts.length === 1 ? this.keyParts[0] : this.keyParts.join('');
    this.keyParts = [];
    const key = this.keyHasEscape ? (JSON.parse(`"${raw}"`) as string) : raw;
    const seen = this.keys[this.keys.length - 1];
    if (Array.isArray(seen)) {
      if (seen.includes(key)) this.repeated(key, i);
      if (seen.length < LINEAR_KEYS) seen.push(key);
      else this.keys[this.keys.length - 1] = new Set([...seen, key]);
    } else {
      if (seen.has(key)) this.repeated(key, i);
      seen.add(key);
    }
    if (this.stack.length === 1) this.topKey = key;
  }

  private repeated(key: string, i: number): never {
    return this.fail(`the key ${JSON.stringify(key)} is repeated in this object`, i, 'E_DUPLICATE_KEY');
  }

  /** A value ended just before `end` (an offset in `piece`). */
  private valueEnd(piece: string, end: number): void {
    const depth = this.stack.length;
    this.state = depth === 0 ? END : COMMA_OR_CLOSE;
    if (this.captureDepth !== depth) return;
    this.captureParts.push(piece.slice(this.captureStart, end));
    const text = this.captureParts.length === 1 ? this.captureParts[0] : this.captureParts.join('');
    this.captureParts = [];
    this.captureDepth = -1;
    if (depth === 2) this.options.item?.(text, this.itemIndex++, this.captureLine, this.captureColumn, this.topKey);
    else this.options.member(this.topKey, text);
  }
}
