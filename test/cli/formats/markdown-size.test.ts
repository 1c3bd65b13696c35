/** `check --markdown-max-size` through the CLI (what the cut keeps: test/unit/report/markdown-cut.test.ts). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, ROOT } from '../../helpers.js';
import { runCli } from '../run.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('check --markdown-max-size', () => {
  it('cuts the Markdown on standard output and in --report targets alike', async () => {
    const file = path.join(ROOT, 'examples', 'acme-failing.yaml');
    const full = await runCli(['check', file, '--as-of', AS_OF, '--format', 'markdown']);
    const cut = await runCli(['check', file, '--as-of', AS_OF, '--format', 'markdown', '--markdown-max-size', '20KiB']);
    expect(full.status).toBe(1);
    expect(cut.status).toBe(1);
    expect(bytes(full.stdout)).toBeGreaterThan(20 * 1024);
    expect(bytes(cut.stdout)).toBeLessThanOrEqual(20 * 1024);
    expect(cut.stdout).toContain('### Not shown');
  });

  it('refuses a value that is not a size, before reading anything (exit 2)', async () => {
    const file = path.join(ROOT, 'examples', 'acme-failing.yaml');
    for (const value of ['1x', '0', '-5']) {
      const run = await runCli(['check', file, '--as-of', AS_OF, '--format', 'markdown', '--markdown-max-size', value]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`E_USAGE: --markdown-max-size '${value}' is not a size`);
      expect(run.stdout).toBe('');
    }
  });
});
