/**
 * Strip ANSI escape sequences, C0/C1 control characters and bidirectional overrides from text
 * that came from an inventory, so it cannot rewrite a terminal or reorder what a reader sees.
 * Newlines become spaces (one finding stays on its lines).
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\)/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
    .replace(/[\r\n\t]+/g, ' ');
}

const REDACTED = '[REDACTED]';

/** Credential shapes that must never be echoed from an inventory into a report. */
const SECRET_PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // PEM private key blocks
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // AWS access key ids (long-term AKIA…, temporary ASIA…)
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, REDACTED],
  // GitHub, Slack, Stripe-style and JWT tokens
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,})/g,
    REDACTED,
  ],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  // Authorization headers
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, (_m, scheme) => `${scheme} ${REDACTED}`],
  // key=value / key: value for secret-looking keys
  [
    /((?:(?<![A-Za-z0-9])|(?<=[_-]))(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?))(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi,
    (_m, key, sep) => `${key}${sep}${REDACTED}`,
  ],
  // user:password@ in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, (_m, prefix) => `${prefix}${REDACTED}@`],
  // 40-character base64 (AWS secret access keys and the like): mixed case and a digit, not plain hex
  [
    /(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=]))(?=[A-Za-z0-9+/]{0,39}[A-Z])(?=[A-Za-z0-9+/]{0,39}[a-z])(?=[A-Za-z0-9+/]{0,39}[0-9])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g,
    REDACTED,
  ],
];

/**
 * Replace anything that looks like a credential (AWS keys, 40-character base64 secrets, tokens,
 * `password=…` and the like) with `[REDACTED]`. Pure; applied to finding messages and evidence.
 */
export function redactSecrets(text: string): string {
  // Most text (evidence, names, messages) holds nothing secret-shaped: cheap tests first.
  if (!SECRET_HINT.test(text) && !hasBase64Run(text)) return text;
  return redactAll(text);
}

/**
 * A necessary condition for each pattern above: a literal that pattern cannot match without (letters
 * of the case-insensitive key=value pattern as [Xx] classes, which is what /i means for ASCII), or
 * for the last pattern a 40-character run (hasBase64Run). Text with none of them is returned
 * unchanged — as every pattern would leave it. Adding a pattern: add its hint here too
 * (test/unit/report/redact.test.ts compares redactSecrets with running every pattern).
 *
 * Each alternative begins with a character that ordinary text seldom has (`-`, `A`, `_`, `x`, `J`, `B`, `=`, `:`) and
 * looks behind from there for what comes before it: the key=value pattern from its `=` or `:` back over the spaces to
 * the key's last letters, a token from its first `_`, a JWT from its `J`. An alternation of literals that begin with
 * common letters (`p`, `s`, `t`, `a`, `c` for the keys) was tried at every position of every message (~0.2 s of the
 * 100k report's 43 M characters).
 */
const SECRET_HINT = new RegExp(
  [
    '-----BEGIN ', // PEM
    'A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)', // AWS key ids
    '_(?:(?<=gh[pousr]_)|(?<=github_)pat_|(?<=sk_)live_)|xox[abprs]-', // tokens
    'J(?<=eyJ)', // JWT
    'B(?:earer|asic)', // Authorization
    // key=value (case-insensitive): every key ends so, then spaces, then `=` or `:`
    `[=:](?<=(?:${['passw(?:or)?d', 'pwd', 'secret', 'token', 'key', 'credentials?']
      .map((word) => word.replace(/[a-z]/g, (ch) => `[${ch.toUpperCase()}${ch}]`))
      .join('|')})\\s*[=:])`,
    ':\\/\\/', // user:password@ in URLs
  ].join('|'),
);

/** A character of [A-Za-z0-9+/]. */
function isBase64(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/**
 * True when the text has 40 consecutive characters of [A-Za-z0-9+/]. Such a run covers one of every 40
 * positions, so only those are looked at (39, 79, …); around one that is in the class, the run through it
 * is measured, and the next position looked at is the 40th after the run's end.
 */
export function hasBase64Run(text: string): boolean {
  const n = text.length;
  let i = RUN - 1;
  while (i < n) {
    if (!isBase64(text.charCodeAt(i))) {
      i += RUN;
      continue;
    }
    let start = i;
    while (start > 0 && i - start < RUN - 1 && isBase64(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && end - start < RUN && isBase64(text.charCodeAt(end))) end++;
    if (end - start >= RUN) return true;
    i = end + RUN;
  }
  return false;
}

const RUN = 40;

/** Every pattern, in order (exported for the test that checks SECRET_HINT). */
export function redactAll(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement as string);
  }
  return out;
}
