/**
 * Who is the AWS caller? STS GetCallerIdentity (optionally after AssumeRole), bounded by a timeout,
 * with every failure turned into a one-line ResidencyError that never contains a credential.
 *
 * This module does not import the AWS SDK: `./sts-client.js` is loaded on first use.
 */
import { type AwsErrorCode, awsError, mapAwsError, scrubSecrets } from './errors.js';

export type { AwsErrorCode } from './errors.js';
export { AWS_ERROR_CODES, scrubSecrets } from './errors.js';

export interface AwsOptions {
  /** Named profile from the shared config/credentials files (takes precedence over AWS_PROFILE). */
  profile?: string;
  /** Region whose STS endpoint is called. Default: AWS_REGION, the profile's region, else us-east-1. */
  region?: string;
  /** Endpoint URL. Default: AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the SDK's regional endpoint. */
  endpointUrl?: string;
  /** Role to assume first (session name `residency`). */
  roleArn?: string;
  /** External id for AssumeRole. */
  externalId?: string;
  /** Bound on the whole call, AssumeRole and retries included. Default 10 000. */
  timeoutMs?: number;
  /**
   * Environment used to resolve the region and endpoint (and to know which values to scrub).
   * The SDK's credential chain itself reads `process.env`. Default `process.env`.
   */
  env?: NodeJS.ProcessEnv;
}

export interface AwsIdentity {
  account: string;
  arn: string;
  userId: string;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov' | string;
  /** The role ARN that was assumed, when `roleArn` was given. */
  assumedRole?: string;
  /** The endpoint GetCallerIdentity was sent to (scheme, host, port). */
  endpoint?: string;
  region?: string;
}

export interface AwsIdentityFailure {
  code: string;
  message: string;
  hint: string;
}

export const DEFAULT_AWS_TIMEOUT_MS = 10_000;

/** The partition of an ARN (`arn:PARTITION:service:…`): `aws`, `aws-cn`, `aws-us-gov`, … ('' when not an ARN). */
export function partitionOf(arn: string): string {
  const match = /^arn:([a-z0-9-]+):/i.exec(arn.trim());
  return match ? match[1].toLowerCase() : '';
}

/** Human name of a partition, e.g. for the "operating in AWS China" note. */
export function partitionLabel(partition: string): string {
  switch (partition) {
    case 'aws':
      return 'AWS';
    case 'aws-cn':
      return 'AWS China';
    case 'aws-us-gov':
      return 'AWS GovCloud (US)';
    default:
      return partition || 'unknown';
  }
}

/** The failure as plain data, for `check --aws-identity=optional` to put in its report. */
export function toAwsIdentityFailure(error: unknown): AwsIdentityFailure {
  const e = mapAwsError(error);
  const d = e.diagnostics[0];
  return { code: e.code, message: d?.message ?? e.message, hint: d?.hint ?? '' };
}

function secretsIn(env: NodeJS.ProcessEnv): string[] {
  const values = [env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_SECURITY_TOKEN];
  if (env !== process.env) {
    values.push(
      process.env.AWS_ACCESS_KEY_ID,
      process.env.AWS_SECRET_ACCESS_KEY,
      process.env.AWS_SESSION_TOKEN,
      process.env.AWS_SECURITY_TOKEN,
    );
  }
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** `--aws-endpoint-url` > AWS_ENDPOINT_URL_STS > AWS_ENDPOINT_URL > (SDK: profile endpoint_url, regional default). */
export function resolveEndpointUrl(options: Pick<AwsOptions, 'endpointUrl' | 'env'>): string | undefined {
  if (options.endpointUrl) return options.endpointUrl;
  const env = options.env ?? process.env;
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) return undefined;
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

function validate(options: AwsOptions, endpoint: string | undefined, timeoutMs: number, secrets: string[]): void {
  const fail = (code: AwsErrorCode, message: string, hint: string) => {
    throw awsError(code, message, hint, secrets);
  };
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    fail(
      'E_AWS_CONFIG',
      `invalid AWS timeout ${timeoutMs} ms`,
      'Pass --aws-timeout as a whole number of seconds, at least 1',
    );
  }
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      fail(
        'E_AWS_CONFIG',
        `invalid STS endpoint URL '${endpoint}'`,
        'Use an absolute http(s) URL in --aws-endpoint-url / AWS_ENDPOINT_URL_STS, e.g. https://sts.eu-west-1.amazonaws.com',
      );
    }
  }
  if (options.externalId && !options.roleArn) {
    fail(
      'E_AWS_CONFIG',
      'an external id was given without a role to assume',
      'Pass --aws-role-arn with --aws-external-id',
    );
  }
  if (options.roleArn && !/^arn:[a-z0-9-]+:iam::\d{12}:role\/.+$/i.test(options.roleArn)) {
    fail(
      'E_AWS_CONFIG',
      `'${options.roleArn}' is not an IAM role ARN`,
      'Pass --aws-role-arn as arn:PARTITION:iam::ACCOUNT:role/NAME',
    );
  }
}

/**
 * Call STS GetCallerIdentity (after AssumeRole when `roleArn` is set) and describe the caller.
 *
 * @throws ResidencyError with one of the codes in {@link AWS_ERROR_CODES}; its message and hint are
 * one line each and never contain a credential.
 */
export async function getCallerIdentity(options: AwsOptions = {}): Promise<AwsIdentity> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS;
  const secrets = secretsIn(env);
  const endpoint = resolveEndpointUrl({ endpointUrl: options.endpointUrl, env });
  validate(options, endpoint, timeoutMs, secrets);
  const region = options.region || env.AWS_REGION || undefined;

  const progress: { operation?: 'AssumeRole' | 'GetCallerIdentity'; endpoint?: string } = {};
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const context = () => ({
    operation: progress.operation,
    roleArn: options.roleArn,
    profile: options.profile,
    endpoint: progress.endpoint ?? endpoint,
    timeoutMs,
    secrets,
  });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      const ctx = context();
      const op = ctx.operation ? `sts:${ctx.operation}` : 'resolving AWS credentials';
      reject(
        awsError(
          'E_AWS_TIMEOUT',
          `no answer from AWS within ${timeoutMs / 1000} s (${op}${ctx.endpoint ? ` ${ctx.endpoint}` : ''})`,
          'Check the network path to the STS endpoint and your credential source, or raise --aws-timeout',
          secrets,
        ),
      );
    }, timeoutMs);
  });

  // The SDK warns on stderr about Node < 22 support; it is noise for a CLI user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  try {
    const work = import('./sts-client.js').then(({ callSts }) =>
      callSts({
        ...(options.profile ? { profile: options.profile } : {}),
        ...(region ? { region } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(options.roleArn ? { roleArn: options.roleArn } : {}),
        ...(options.externalId ? { externalId: options.externalId } : {}),
        timeoutMs,
        signal: controller.signal,
        secrets,
        progress,
      }),
    );
    // A late rejection after the timeout won must not become an unhandled rejection.
    work.catch(() => undefined);
    const raw = await Promise.race([work, timeout]);
    const identity: AwsIdentity = {
      account: raw.account,
      arn: raw.arn,
      userId: raw.userId,
      partition: partitionOf(raw.arn),
    };
    if (options.roleArn) identity.assumedRole = options.roleArn;
    if (raw.endpoint) identity.endpoint = scrubSecrets(raw.endpoint, secrets);
    if (raw.region) identity.region = raw.region;
    return identity;
  } catch (error) {
    throw mapAwsError(error, context());
  } finally {
    if (timer) clearTimeout(timer);
  }
}
