import type { OrganisationFacts } from './types.js';

/** The AWS caller identity as the adapter found it (`check --aws-identity`). */
export interface CallerIdentity {
  account?: string;
  arn?: string;
  partition?: string;
}

/**
 * The `organisation.aws` facts: the caller's account, whether the inventory declares it and whether it is
 * in the AWS China partition. None without an account (no identity asked for, or the call failed).
 */
export function awsFacts(
  identity: CallerIdentity | undefined,
  awsAccounts: readonly string[],
): OrganisationFacts['aws'] | undefined {
  if (!identity?.account) return undefined;
  return {
    account: identity.account,
    arn: identity.arn ?? '',
    partition: identity.partition ?? 'aws',
    inInventory: awsAccounts.includes(identity.account),
    china: identity.partition === 'aws-cn',
  };
}
