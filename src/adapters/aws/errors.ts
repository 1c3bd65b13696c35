import { ResidencyError } from '../../model/errors.js';

/** Stable codes for an STS identity failure (documented in docs/aws.md). */
export const AWS_ERROR_CODES = [
  'E_AWS_CONFIG',
  'E_AWS_NO_CREDENTIALS',
  'E_AWS_EXPIRED',
  'E_AWS_INVALID_CREDENTIALS',
  'E_AWS_ACCESS_DENIED',
  'E_AWS_THROTTLED',
  'E_AWS_UNREACHABLE',
  'E_AWS_TIMEOUT',
  'E_AWS_UNKNOWN',
] as const;
export type AwsErrorCode = (typeof AWS_ERROR_CODES)[number];

/** Where the call failed and what to say about it. Never holds a credential. */
export interface AwsErrorContext {
  /** The STS operation that failed, when known. */
  operation?: 'AssumeRole' | 'GetCallerIdentity';
  roleArn?: string;
  profile?: string;
  endpoint?: string;
  timeoutMs?: number;
  /** Values that must never be printed (access key ids, secret keys, session tokens). */
  secrets?: readonly string[];
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const INVALID = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMED_OUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'AbortError', 'RequestTimeout']);

interface ErrorFacts {
  names: string[];
  message: string;
  status?: number;
}

/** Collect names, errno codes and the HTTP status along the error's `cause`/`errors` chain. */
function factsOf(error: unknown): ErrorFacts {
  const names: string[] = [];
  let message = '';
  let status: number | undefined;
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (depth > 5 || e === null || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const r = e as Record<string, unknown>;
    for (const key of ['name', 'code', 'Code', '__type', 'errno'] as const) {
      const v = r[key];
      if (typeof v === 'string' && v) names.push(v);
    }
    if (!message && typeof r.message === 'string') message = r.message;
    const meta = r.$metadata as { httpStatusCode?: unknown } | undefined;
    if (status === undefined && typeof meta?.httpStatusCode === 'number') status = meta.httpStatusCode;
    visit(r.cause, depth + 1);
    if (Array.isArray(r.errors)) for (const inner of r.errors) visit(inner, depth + 1);
  };
  if (typeof error === 'string') message = error;
  visit(error, 0);
  return { names, message, status };
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
const SECRET_LIKE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])/g;

/**
 * Remove anything that looks like, or is, a credential: the given secret values, access key ids
 * (`AKIA…`/`ASIA…`) and 40+ character base64 runs (secret keys, session tokens).
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out.replace(ACCESS_KEY_ID, '***').replace(SECRET_LIKE, '***');
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const trimmed = first.trim().replace(/\.+$/, '');
  return trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed;
}

/** Build the ResidencyError, scrubbing message and hint. */
export function awsError(
  code: AwsErrorCode,
  message: string,
  hint: string,
  secrets: readonly string[] = [],
): ResidencyError {
  const m = scrubSecrets(message, secrets);
  const h = scrubSecrets(hint, secrets);
  const error = new ResidencyError(code, m, [{ code, severity: 'error', message: m, hint: h }]);
  error.cause = undefined;
  return error;
}

/**
 * Turn anything thrown by the SDK (or the timeout) into a one-line ResidencyError with a fix.
 * The original error is not attached, so nothing the SDK holds can leak through it.
 */
export function mapAwsError(error: unknown, context: AwsErrorContext = {}): ResidencyError {
  if (error instanceof ResidencyError) return error;
  const { names, message, status } = factsOf(error);
  const has = (set: Set<string>) => names.some((n) => set.has(n));
  const secrets = context.secrets ?? [];
  const op = context.operation ? `sts:${context.operation}` : 'STS';
  const where = context.endpoint ? ` ${context.endpoint}` : '';
  const detail = oneLine(message);
  const timeoutS = context.timeoutMs !== undefined ? `${context.timeoutMs / 1000} s` : 'the timeout';

  const providerFailed = names.includes('CredentialsProviderError') || names.includes('TokenProviderError');
  if (has(EXPIRED) || (providerFailed && /expired/i.test(message))) {
    return awsError(
      'E_AWS_EXPIRED',
      `the AWS security token has expired (${op})`,
      'Refresh your credentials (e.g. `aws sso login`, or get a new session token) and retry',
      secrets,
    );
  }
  if (has(DENIED)) {
    if (context.operation === 'AssumeRole') {
      return awsError(
        'E_AWS_ACCESS_DENIED',
        `access denied to sts:AssumeRole on ${context.roleArn ?? 'the role'}`,
        "Allow your principal in the role's trust policy and your own policy (sts:AssumeRole), and pass the --aws-external-id the trust policy expects",
        secrets,
      );
    }
    return awsError(
      'E_AWS_ACCESS_DENIED',
      `access denied to ${op}`,
      'An SCP, permissions boundary or explicit deny blocks sts:GetCallerIdentity; ask your AWS administrator to allow it',
      secrets,
    );
  }
  if (has(THROTTLED) || status === 429) {
    return awsError(
      'E_AWS_THROTTLED',
      `STS throttled the request (${op}) and retries ran out`,
      'Wait a minute and retry, or reduce concurrent STS calls from this account',
      secrets,
    );
  }
  if (has(INVALID)) {
    const name = names.find((n) => INVALID.has(n));
    return awsError(
      'E_AWS_INVALID_CREDENTIALS',
      `AWS rejected the credentials (${name}, ${op})`,
      'Check the access key id and secret are current, belong to this partition (aws, aws-cn, aws-us-gov), and that --aws-region matches',
      secrets,
    );
  }
  if (
    providerFailed ||
    /could not (?:load|resolve) credentials|profile .* could not be found|credentials? (?:not provided|could not be)|unable to find .*credential/i.test(
      message,
    )
  ) {
    if (context.profile) {
      return awsError(
        'E_AWS_NO_CREDENTIALS',
        `no AWS credentials found for profile '${context.profile}'`,
        `Check the profile exists in AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (~/.aws/config, ~/.aws/credentials) and, for SSO, run \`aws sso login --profile ${context.profile}\``,
        secrets,
      );
    }
    return awsError(
      'E_AWS_NO_CREDENTIALS',
      'no AWS credentials found',
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`, or pass --aws-profile with a profile from ~/.aws/config',
      secrets,
    );
  }
  if (has(TIMED_OUT)) {
    return awsError(
      'E_AWS_TIMEOUT',
      `STS did not answer within ${timeoutS} (${op}${where})`,
      'Check the network path to the endpoint, or raise --aws-timeout',
      secrets,
    );
  }
  if (has(UNREACHABLE)) {
    const name = names.find((n) => UNREACHABLE.has(n));
    return awsError(
      'E_AWS_UNREACHABLE',
      `cannot reach the STS endpoint${where} (${name})`,
      'Check network, proxy and DNS, and --aws-endpoint-url / AWS_ENDPOINT_URL_STS / --aws-region',
      secrets,
    );
  }
  if (/region is missing/i.test(message)) {
    return awsError('E_AWS_CONFIG', 'no AWS region configured', 'Pass --aws-region or set AWS_REGION', secrets);
  }
  const name = names.find((n) => n !== 'Error') ?? 'Error';
  return awsError(
    'E_AWS_UNKNOWN',
    `${op} failed: ${name}${detail ? `: ${detail}` : ''}${status ? ` (HTTP ${status})` : ''}`,
    'Check the credentials, region and endpoint; see docs/aws.md',
    secrets,
  );
}
