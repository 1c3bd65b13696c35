/**
 * oclif reads a command's missing argument from a piped standard input, if anything arrives there within 10 ms: the
 * whole of `cat inventory.yaml | residency validate` became one file name (`E_NOT_FOUND` at a path made of the
 * YAML), and whether it did depended on timing. No residency argument is read that way; `-` reads standard input.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { runCliProcess } from './run.js';

/** Every command module under src/cli/commands, with its arguments. */
async function commandArgs(): Promise<{ arg: string; ignoreStdin: boolean }[]> {
  const dir = path.join(ROOT, 'src', 'cli', 'commands');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const found: { arg: string; ignoreStdin: boolean }[] = [];
  for (const file of files) {
    const command = ((await import(path.join(dir, file))) as { default?: { args?: Record<string, unknown> } }).default;
    for (const [name, arg] of Object.entries(command?.args ?? {}))
      found.push({ arg: `${file} ${name}`, ignoreStdin: (arg as { ignoreStdin?: boolean }).ignoreStdin === true });
  }
  return found;
}

describe('arguments and a piped standard input', () => {
  it('no command reads a missing argument from standard input', async () => {
    const args = await commandArgs();
    expect(args.length).toBeGreaterThan(5);
    expect(args.filter((a) => !a.ignoreStdin)).toEqual([]);
  });

  it('an inventory piped into validate without - is not taken for a file name', () => {
    const yaml = readFileSync(path.join(ROOT, 'examples', 'minimal.yaml'), 'utf8');
    const piped = runCliProcess(['validate'], { input: yaml });
    expect(piped.status).toBe(2);
    expect(piped.stderr).not.toContain('E_NOT_FOUND');
    expect(piped.stderr).toContain('E_USAGE: nothing to validate');
    expect(piped.stderr).toContain('residency validate -');
    // with - it is read
    const dash = runCliProcess(['validate', '-'], { input: yaml });
    expect(dash.status, dash.stderr).toBe(0);
  });

  it('a file name piped into a command is not taken for its argument', () => {
    const piped = runCliProcess(['rules', 'show'], { input: 'assessment-overdue\n' });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain('E_USAGE');
    expect(piped.stdout).not.toContain('assessment-overdue');
  });
});
