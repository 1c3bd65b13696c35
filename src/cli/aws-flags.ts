import { Flags } from '@oclif/core';
import type { AwsOptions } from '../adapters/aws/identity.js';

const helpGroup = 'AWS';

/**
 * The AWS connection flags shared by `whoami` and `check --aws-identity`. Spread them into a
 * command's `flags` and turn the parsed values into {@link AwsOptions} with {@link awsOptionsFromFlags}.
 */
export const awsFlags = {
  'aws-profile': Flags.string({
    summary: 'Named profile from the shared AWS config and credentials files (overrides AWS_PROFILE).',
    helpGroup,
  }),
  'aws-region': Flags.string({
    summary: 'AWS region whose STS endpoint is called (default: AWS_REGION, the profile region, else us-east-1).',
    helpGroup,
  }),
  'aws-endpoint-url': Flags.string({
    summary: 'STS endpoint URL (overrides AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL).',
    helpGroup,
  }),
  'aws-role-arn': Flags.string({
    summary: 'Assume this IAM role (session name "residency") before asking STS who the caller is.',
    helpGroup,
  }),
  'aws-external-id': Flags.string({
    summary: "External id passed to sts:AssumeRole, when the role's trust policy requires one.",
    helpGroup,
    dependsOn: ['aws-role-arn'],
  }),
  'aws-timeout': Flags.integer({
    summary: 'Give up on AWS after this many seconds (covers AssumeRole, retries and GetCallerIdentity).',
    helpGroup,
    default: 10,
    min: 1,
    max: 600,
  }),
};

/** The parsed values of {@link awsFlags} (any subset: commands may add other flags). */
export interface AwsFlagValues {
  'aws-profile'?: string;
  'aws-region'?: string;
  'aws-endpoint-url'?: string;
  'aws-role-arn'?: string;
  'aws-external-id'?: string;
  'aws-timeout'?: number;
}

/** Map parsed {@link awsFlags} to {@link AwsOptions}. Unset flags are left out, so defaults apply. */
export function awsOptionsFromFlags(flags: AwsFlagValues, env: NodeJS.ProcessEnv = process.env): AwsOptions {
  const options: AwsOptions = { env };
  if (flags['aws-profile']) options.profile = flags['aws-profile'];
  if (flags['aws-region']) options.region = flags['aws-region'];
  if (flags['aws-endpoint-url']) options.endpointUrl = flags['aws-endpoint-url'];
  if (flags['aws-role-arn']) options.roleArn = flags['aws-role-arn'];
  if (flags['aws-external-id']) options.externalId = flags['aws-external-id'];
  if (flags['aws-timeout'] !== undefined) options.timeoutMs = flags['aws-timeout'] * 1000;
  return options;
}
