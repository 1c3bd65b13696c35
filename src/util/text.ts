/**
 * Small helpers that make generated text read as English: `a`/`an`, lists joined with `and`.
 * Pure.
 */

/** Words starting with a vowel letter that are said with a consonant sound, and the reverse. */
const CONSONANT_SOUND = /^(?:uni(?![mn])|use|usa|usu|uti|eu|ewe|one\b|once\b|u\.|ubi|ura|uro)/i;
const VOWEL_SOUND = /^(?:hour|honest|honou?r|heir)/i;

/** `a` or `an` for the word that follows (by sound, with the common exceptions). */
export function indefiniteArticle(next: string): 'a' | 'an' {
  const word = next.trimStart().replace(/^['"‘“(]+/, '');
  if (word === '') return 'a';
  // all-capital abbreviations are read letter by letter: an FCC list, a US person, an S3 bucket
  if (/^[A-Z][A-Z0-9]+\b/.test(word) && !/^[A-Z][a-z]/.test(word)) {
    return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
  }
  if (VOWEL_SOUND.test(word)) return 'an';
  if (CONSONANT_SOUND.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `an object-storage`, `a Alibaba` → `an Alibaba`. */
export function withArticle(phrase: string): string {
  return `${indefiniteArticle(phrase)} ${phrase}`;
}

/**
 * `a`, `a and b`, `a, b and c`. When an item already holds a comma, items are separated by
 * semicolons so the list stays readable (`X (CN), which controls the provider; and Y`).
 */
export function englishList(items: readonly string[], conjunction = 'and'): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  if (items.some((item) => item.includes(','))) {
    return `${items.slice(0, -1).join('; ')}; ${conjunction} ${items[items.length - 1]}`;
  }
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

const EN_US = new Intl.NumberFormat('en-US');

/**
 * `250,000`: exactly `n.toLocaleString('en-US')`. A safe integer (at most 2^53 − 1; not -0, which the formatter writes
 * `-0`) is its digits in groups of three, written here; any other number goes to one shared formatter
 * (toLocaleString builds a formatter on every call, and even the shared one took ~1 µs a call, which showed in the
 * profiles of the `lattice` and `bulk` shapes, where every explanation counts owners and every data set its persons).
 */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return EN_US.format(n);
  if (n > -1000 && n < 1000) return String(n);
  const digits = String(n < 0 ? -n : n);
  // the first group has 1–3 digits, every later one 3
  let at = digits.length % 3 || 3;
  let out = digits.slice(0, at);
  for (; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `1 finding`, `2 findings` (regular plurals only). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A kebab-case id from free text: accents folded (`Société` → `societe`), lower case, every other run of
 * characters a single `-`, at most 100 characters; `fallback` when nothing is left. Importers name vendors
 * with it, enrichment names declared (non-catalogue) providers with it.
 */
export function slug(text: string, fallback: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return s || fallback;
}

/** A size in bytes as people read it: `512.0 MiB`, `1.4 GiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * `text` as one flat string, the same characters. A string built by concatenation is a rope: a 32-byte node per
 * part (~4× the flat string for a 16-part sentence). A rope that is kept past the next young-generation collection
 * is flattened later, where something reads it whole (a regular expression, `JSON.stringify`, the report writer),
 * and V8 then allocates the flat copy in the old generation: memory only a full collection frees, on pages the
 * kernel has to zero, at the end of the run where the peak is. Flattened when it is made, the copy is young and the
 * rope's pieces die young. So a text that stays live (kept facts, memoised evidence, a finding's location) is
 * flattened where it is made. (An empty match replaced by nothing: the content is unchanged whatever the engine does.)
 */
export function flat(text: string): string {
  return text.replace(START, '');
}

const START = /^/;
