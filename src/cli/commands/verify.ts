import { Args, Flags } from '@oclif/core';
import { runVerify, type VerifyResult, verifyText } from '../../runner/verify.js';
import { BaseCommand } from '../base.js';

export default class Verify extends BaseCommand {
  static override summary = 'Verify a signed JSON report and, optionally, that its inputs are unchanged.';

  static override description =
    `Checks the Ed25519 signature that \`check --sign\` wrote into a JSON report, using the public key. With --inputs, also checks that each file's sha256 still matches the report's inputs[] (matched by content, so a moved file or one read from standard input still matches; a file whose path is recorded with another digest is CHANGED). With --json: { valid, signature, inputs } on standard output.

Exit codes: 0 the signature (and every given input) is valid; 1 the signature does not match, the report is unsigned, or an input changed or is not in the report; 2 the report or key is unreadable or invalid.`;

  static override examples = [
    '<%= config.bin %> verify report.json --key pub.pem',
    '<%= config.bin %> verify report.json --key pub.pem --inputs inventory.yaml',
  ];

  static override enableJsonFlag = true;

  static override args = {
    report: Args.string({
      ignoreStdin: true,
      description: 'a signed JSON report',
      required: true,
    }),
  };

  static override flags = {
    key: Flags.string({ description: 'the Ed25519 public key (PEM)', required: true }),
    inputs: Flags.string({
      description: 'input files to check against the report digests (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<VerifyResult> {
    const { args, flags } = await this.parse(Verify);
    const result = await runVerify({ report: args.report, key: flags.key, inputs: flags.inputs });
    if (!this.jsonEnabled()) process.stdout.write(verifyText(result));
    process.exitCode = result.valid ? 0 : 1;
    return result;
  }
}
