import chalk from 'chalk';
import { type AwsIdentity, getCallerIdentity, partitionLabel } from '../../adapters/aws/identity.js';
import { awsFlags, awsOptionsFromFlags } from '../aws-flags.js';
import { BaseCommand } from '../base.js';

export default class Whoami extends BaseCommand {
  static override summary = 'Show the AWS identity residency would use (STS GetCallerIdentity).';

  static override description =
    `Calls AWS STS GetCallerIdentity with the standard credential chain (environment, shared config and credentials files, SSO, container and instance roles) and prints the account, ARN, user id and partition. With --aws-role-arn it first assumes that role (session name "residency"). Needs no IAM permission beyond sts:GetCallerIdentity (and sts:AssumeRole on the role, if given). Credentials are never printed.

Exits 0 on success and 2, with a one-line explanation, when AWS cannot be asked (no credentials, expired token, access denied, throttling, unreachable endpoint, timeout).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --aws-profile audit --json',
    '<%= config.bin %> <%= command.id %> --aws-role-arn arn:aws:iam::123456789012:role/ResidencyAudit --aws-external-id example-id',
  ];

  static override enableJsonFlag = true;

  static override flags = { ...awsFlags };

  /** A failure (no credentials, expired token, …) is one line on standard error and, with --json, a JSON error. */
  async run(): Promise<AwsIdentity> {
    const { flags } = await this.parse(Whoami);
    const identity = await getCallerIdentity(awsOptionsFromFlags(flags, process.env));
    if (!this.jsonEnabled()) this.log(renderIdentity(identity));
    return identity;
  }
}

export function renderIdentity(identity: AwsIdentity): string {
  const rows: [string, string][] = [
    ['Account', identity.account],
    ['ARN', identity.arn],
    ['User ID', identity.userId],
    ['Partition', `${identity.partition} (${partitionLabel(identity.partition)})`],
  ];
  if (identity.assumedRole) rows.push(['Assumed role', identity.assumedRole]);
  if (identity.region) rows.push(['Region', identity.region]);
  if (identity.endpoint) rows.push(['Endpoint', identity.endpoint]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${chalk.bold(label.padEnd(width))}  ${value}`);
  if (identity.partition === 'aws-cn') {
    lines.push('', chalk.yellow('Note: operating in AWS China (aws-cn), a partition run by Chinese operators.'));
  }
  return lines.join('\n');
}
