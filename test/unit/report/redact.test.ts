import { describe, expect, it } from 'vitest';
import { hasBase64Run, redactAll, redactSecrets } from '../../../src/report/text.js';

/**
 * redactSecrets() skips the patterns when a cheap pre-test finds no hint of any of them. That must
 * never change the result: compare it with running every pattern on secret-shaped and ordinary text.
 */
const FRAGMENTS = [
  'AKIAIOSFODNN7EXAMPLE',
  'ASIAIOSFODNN7EXAMPL',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE',
  '3f786850e387550fdab836ed7e6dc881de23001b',
  'db_password=hunter2',
  'PASSWD: x',
  'Pwd=1',
  'client-secret: "a b"',
  'api_key: "abc def"',
  'ApiKey=z',
  'access-key=q',
  'private_key:k',
  'credentials=c',
  'TOKEN=t',
  'Authorization: Bearer abcdefghijk123',
  'basic dXNlcjpwYXNz',
  'Basic dXNlcjpwYXNz',
  'postgres://app:s3cr3t@db.internal/x',
  'HTTPS://u:p@h',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'github_pat_abcdefghijklmnopqrstuvwxyz0123456789',
  'xoxb-1234567890-abc',
  'sk_live_abcdefghijklmnop',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
  '-----BEGIN PRIVATE KEY----- unterminated',
  'Alibaba Cloud (Hangzhou) — controlled from CN',
  'aws cn-north-1 (Beijing) is in China, operated by Sinnet',
  'Token Corp stores password hashes',
  'vendor-00042/warehouse-1',
  ' ',
  '=',
  ':',
  '/',
  '@',
  '"',
  "'",
  '\n',
  'A',
  'a1B2c3D4e5F6g7H8i9J0a1B2c3D4e5F6g7H8i9J0',
  'x'.repeat(39),
  'Ab1'.repeat(14),
  // the pre-test looks behind from `=`, `:`, `_`, `J`: keys before spaces of every kind, near misses
  'token   :  x',
  'API-KEY\u00a0\u2028= v',
  'client_Secret\t:\n"s"',
  'PassWord:p',
  'my_pwd=1',
  'a key:',
  'credential =',
  'keys: none',
  'x-token-y: 2',
  'ghs_abcdefghijklmnopqrstuvwxyz0123456789AB',
  'gho_',
  'GITHUB_PAT_abcdefghijklmnopqrstuvwxyz0123456789',
  'github_abcdefghijklmnopqrstuvwxyz0123456789',
  'sk_live_',
  'sk_test_abcdefghijklmnop',
  'xoxp-',
  'xoxz-1234567890-abc',
  'eyJ',
  'EYJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk',
  'BEARER abcdefghijk123',
  '----BEGIN RSA PRIVATE KEY-----',
  'ftp://',
  'https:/',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('redactSecrets pre-test', () => {
  it('gives the same result as running every pattern', () => {
    let redacted = 0;
    for (const f of FRAGMENTS) expect(redactSecrets(f), f).toBe(redactAll(f));
    for (let seed = 1; seed <= 5000; seed++) {
      const r = rng(seed);
      const parts = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
        let f = FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
        if (r() < 0.3) f = f.slice(Math.floor(r() * f.length)); // partial shapes
        if (r() < 0.2) f = r() < 0.5 ? f.toUpperCase() : f.toLowerCase();
        return f;
      });
      const text = parts.join(r() < 0.5 ? '' : ' ');
      const expected = redactAll(text);
      if (expected !== text) redacted++;
      expect(redactSecrets(text), JSON.stringify(text)).toBe(expected);
    }
    expect(redacted).toBeGreaterThan(1000);
  });

  it('returns ordinary text unchanged', () => {
    const evidence = 'aws us-east-1 (N. Virginia) is in United States; declared country Germany';
    expect(redactSecrets(evidence)).toBe(evidence);
  });
});

/** The plain definition: some 40 consecutive characters of [A-Za-z0-9+/]. */
function plainBase64Run(text: string): boolean {
  return /[A-Za-z0-9+/]{40}/.test(text);
}

describe('hasBase64Run (looks at one position in 40)', () => {
  it('agrees with the plain definition on runs of every length around 40, anywhere in the text', () => {
    const inClass = 'aZ09+/';
    const outside = ' -=_.\u00e9\ud83d\ude00\n';
    let found = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const r = rng(seed);
      let text = '';
      const parts = 1 + Math.floor(r() * 6);
      for (let p = 0; p < parts; p++) {
        // runs mostly near the threshold (36..44), sometimes short or long
        const length = r() < 0.7 ? 36 + Math.floor(r() * 9) : Math.floor(r() * 120);
        for (let k = 0; k < length; k++) text += inClass[Math.floor(r() * inClass.length)];
        const gap = Math.floor(r() * 3);
        for (let k = 0; k < gap; k++) text += outside[Math.floor(r() * outside.length)];
      }
      const expected = plainBase64Run(text);
      if (expected) found++;
      expect(hasBase64Run(text), JSON.stringify(text)).toBe(expected);
    }
    expect(found).toBeGreaterThan(5_000);
    expect(found).toBeLessThan(19_000);
    for (const text of [
      '',
      'a',
      'a'.repeat(39),
      'a'.repeat(40),
      ` ${'a'.repeat(40)}`,
      `${'a'.repeat(39)} ${'a'.repeat(39)}`,
    ])
      expect(hasBase64Run(text), text).toBe(plainBase64Run(text));
  });
});
