/**
 * The only module that imports the AWS SDK. It is loaded with `await import()` from identity.ts,
 * so commands that never talk to AWS never pay for (or load) the SDK.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

export interface StsCallOptions {
  profile?: string;
  region?: string;
  endpoint?: string;
  roleArn?: string;
  externalId?: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Filled with every credential value seen (temporary AssumeRole credentials), for scrubbing. */
  secrets: string[];
  /** Set to the operation in flight, so a failure can say which call failed. */
  progress: { operation?: 'AssumeRole' | 'GetCallerIdentity'; endpoint?: string };
}

export interface StsCallResult {
  account: string;
  arn: string;
  userId: string;
  endpoint?: string;
  region?: string;
}

export const ROLE_SESSION_NAME = 'residency';
const FALLBACK_REGION = 'us-east-1';
const MAX_ATTEMPTS = 2;

/**
 * The SDK falls back to console.warn when its logger is the default NoOpLogger (e.g. "multiple
 * credential sources" when --aws-profile meets AWS_ACCESS_KEY_ID). A CLI must stay quiet.
 */
const silentLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

type Credentials = NonNullable<STSClientConfig['credentials']>;

interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

function makeClient(options: StsCallOptions, region: string | undefined, credentials?: Credentials): STSClient {
  const config: STSClientConfig = {
    maxAttempts: MAX_ATTEMPTS,
    logger: silentLogger,
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
  if (options.profile) config.profile = options.profile;
  if (region) config.region = region;
  if (options.endpoint) config.endpoint = options.endpoint;
  if (credentials) config.credentials = credentials;
  const client = new STSClient(config);
  // Record where the request actually went (scheme, host, port, path — never headers or body).
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as RequestLike | undefined;
      if (request?.hostname) {
        const port = request.port ? `:${request.port}` : '';
        options.progress.endpoint = `${request.protocol ?? 'https:'}//${request.hostname}${port}${request.path && request.path !== '/' ? request.path : ''}`;
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'residencyRecordEndpoint', priority: 'low' },
  );
  return client;
}

/** The region the SDK resolves on its own (AWS_REGION, profile `region`), else us-east-1. */
async function resolveRegion(options: StsCallOptions): Promise<string> {
  if (options.region) return options.region;
  const probe = new STSClient({ logger: silentLogger, ...(options.profile ? { profile: options.profile } : {}) });
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

export async function callSts(options: StsCallOptions): Promise<StsCallResult> {
  const region = await resolveRegion(options);
  const base = makeClient(options, region);
  const clients = [base];
  try {
    let client = base;
    if (options.roleArn) {
      options.progress.operation = 'AssumeRole';
      const assumed = await base.send(
        new AssumeRoleCommand({
          RoleArn: options.roleArn,
          RoleSessionName: ROLE_SESSION_NAME,
          ...(options.externalId ? { ExternalId: options.externalId } : {}),
          DurationSeconds: 900,
        }),
        { abortSignal: options.signal },
      );
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'AssumeRoleNoCredentials' });
      }
      options.secrets.push(c.AccessKeyId, c.SecretAccessKey, ...(c.SessionToken ? [c.SessionToken] : []));
      client = makeClient(options, region, {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      });
      clients.push(client);
    }
    options.progress.operation = 'GetCallerIdentity';
    const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: options.signal });
    if (!out.Account || !out.Arn || !out.UserId) {
      throw Object.assign(new Error('GetCallerIdentity returned an incomplete identity'), {
        name: 'IncompleteIdentity',
      });
    }
    return {
      account: out.Account,
      arn: out.Arn,
      userId: out.UserId,
      region,
      ...(options.progress.endpoint ? { endpoint: options.progress.endpoint } : {}),
    };
  } finally {
    for (const c of clients) c.destroy();
  }
}
