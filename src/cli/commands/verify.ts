import { Args, Flags } from '@oclif/core';
import { readInputFile } from '../../adapters/files.js';
import { readEd25519Key } from '../../adapters/keys.js';
import { checkCapacity } from '../../adapters/perf.js';
import { readDocument } from '../../adapters/workspace.js';
import { ResidencyError } from '../../model/errors.js';
import { sha256 } from '../../parse/parse.js';
import { compareInputs, type InputCheck, verifyReport } from '../../sign/sign.js';
import { BaseCommand } from '../base.js';

export default class Verify extends BaseCommand {
  static override summary = 'Verify a signed JSON report and, optionally, that its inputs are unchanged.';

  static override description =
    `Checks the Ed25519 signature that \`check --sign\` wrote into a JSON report, using the public key. With --inputs, also checks that each file's sha256 still matches the report's inputs[] (matched by content, so a moved file or one read from standard input still matches; a file whose path is recorded with another digest is CHANGED).

Exit codes: 0 the signature (and every given input) is valid; 1 the signature does not match, the report is unsigned, or an input changed or is not in the report; 2 the report or key is unreadable or invalid.`;

  static override examples = [
    '<%= config.bin %> verify report.json --key pub.pem',
    '<%= config.bin %> verify report.json --key pub.pem --inputs inventory.yaml',
  ];

  static override args = {
    report: Args.string({ description: 'a signed JSON report', required: true }),
  };

  static override flags = {
    key: Flags.string({ description: 'the Ed25519 public key (PEM)', required: true }),
    inputs: Flags.string({
      description: 'input files to check against the report digests (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    json: Flags.boolean({ description: 'print the result as JSON' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Verify);
    const key = await readEd25519Key(flags.key, 'public');
    // the canonical form of the whole report is built to check the signature: check's factor, not PARSE_HEAP_FACTOR
    await checkCapacity([args.report], { command: 'verify' }); // before reading, as check does (E_TOO_LARGE, exit 2)
    const doc = await readDocument(args.report);
    const report = doc.data as Record<string, unknown> | null;
    if (report === null || typeof report !== 'object' || Array.isArray(report)) {
      throw new ResidencyError('E_REPORT', `${doc.file}: not a JSON report`, [
        { code: 'E_REPORT', severity: 'error', message: 'not a JSON report', file: doc.file, line: 1, column: 1 },
      ]);
    }
    const signature = verifyReport(report, key);
    let inputs: InputCheck[] = [];
    if (flags.inputs && flags.inputs.length > 0) {
      const recorded = Array.isArray(report.inputs) ? (report.inputs as { path: string; sha256: string }[]) : [];
      const actual = [];
      for (const file of flags.inputs) {
        const read = await readInputFile(file);
        actual.push({ path: file, sha256: sha256(read.text) });
      }
      inputs = compareInputs(recorded, actual);
    }
    const inputsOk = inputs.every((i) => i.status === 'ok');
    const ok = signature.ok && inputsOk;
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ valid: ok, signature: signature.ok ? { valid: true, keyId: signature.keyId } : { valid: false, reason: signature.reason, message: signature.message }, inputs }, null, 2)}\n`,
      );
    } else {
      const lines: string[] = [];
      lines.push(
        signature.ok
          ? `signature: valid (ed25519, key ${signature.keyId})`
          : `signature: INVALID: ${signature.message}`,
      );
      for (const i of inputs) {
        if (i.status === 'ok')
          lines.push(`input ${i.path}: sha256 matches${i.recordedAs ? ` (recorded as ${i.recordedAs})` : ''}`);
        else if (i.status === 'changed')
          lines.push(`input ${i.path}: CHANGED: sha256 ${i.actual}, the report recorded ${i.expected}`);
        else lines.push(`input ${i.path}: NOT IN REPORT: the report has no input with this content or this path`);
      }
      lines.push(ok ? 'verified' : 'verification failed');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = ok ? 0 : 1;
  }
}
