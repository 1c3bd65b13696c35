/**
 * A tiny STS look-alike on loopback: query protocol in, XML out. Enough for the real SDK to
 * run GetCallerIdentity and AssumeRole against it, and to produce every failure we map.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StsAction = 'GetCallerIdentity' | 'AssumeRole';

export interface StsIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface StsErrorSpec {
  code: string;
  message?: string;
  /** HTTP status; default 403 for auth errors, 400 otherwise. */
  status?: number;
  type?: 'Sender' | 'Receiver';
}

export interface StsTempCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Identity GetCallerIdentity returns when called with these credentials. */
  identity: StsIdentity;
}

export interface StsServerOptions {
  /** Identity returned for a given access key id (from the Authorization header). */
  identities?: Record<string, StsIdentity>;
  /** Identity for any other access key id. */
  defaultIdentity?: StsIdentity;
  /** Answer this action with an error document. */
  errors?: Partial<Record<StsAction, StsErrorSpec>>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Temporary credentials AssumeRole hands out. */
  assumeRole?: StsTempCredentials;
}

export interface RecordedRequest {
  method: string;
  path: string;
  action: string;
  params: Record<string, string>;
  accessKeyId?: string;
  /** The credential scope region from the signature. */
  signingRegion?: string;
  hasSessionToken: boolean;
}

export interface StsServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replace the behaviour (keeps the recorded requests). */
  configure(options: StsServerOptions): void;
  close(): Promise<void>;
}

export const DEFAULT_IDENTITY: StsIdentity = {
  account: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/auditor',
  userId: 'AIDAEXAMPLEUSERID0001',
};

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function errorStatus(spec: StsErrorSpec): number {
  if (spec.status) return spec.status;
  return /AccessDenied|Expired|InvalidClientTokenId|SignatureDoesNotMatch/.test(spec.code) ? 403 : 400;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

function sendError(res: ServerResponse, spec: StsErrorSpec): void {
  const body = `<ErrorResponse xmlns="${NS}"><Error><Type>${spec.type ?? 'Sender'}</Type><Code>${xmlEscape(
    spec.code,
  )}</Code><Message>${xmlEscape(spec.message ?? `${spec.code} from the test STS`)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  send(res, errorStatus(spec), body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startStsServer(initial: StsServerOptions = {}): Promise<StsServer> {
  let options = initial;
  const requests: RecordedRequest[] = [];

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    const auth = String(req.headers.authorization ?? '');
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/sts\//.exec(auth);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      action: params.Action ?? '',
      params,
      hasSessionToken: typeof req.headers['x-amz-security-token'] === 'string',
    };
    if (scope) {
      record.accessKeyId = scope[1];
      record.signingRegion = scope[2];
    }
    requests.push(record);

    if (options.hang) return; // never answer; closed in close()

    const action = record.action as StsAction;
    const error = options.errors?.[action];
    if (error) {
      sendError(res, error);
      return;
    }
    if (action === 'GetCallerIdentity') {
      const temp = options.assumeRole;
      const identity =
        (temp && record.accessKeyId === temp.accessKeyId ? temp.identity : undefined) ??
        (record.accessKeyId ? options.identities?.[record.accessKeyId] : undefined) ??
        options.defaultIdentity ??
        DEFAULT_IDENTITY;
      send(
        res,
        200,
        `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${xmlEscape(identity.arn)}</Arn><UserId>${xmlEscape(
          identity.userId,
        )}</UserId><Account>${identity.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    if (action === 'AssumeRole') {
      const temp = options.assumeRole;
      if (!temp) {
        sendError(res, { code: 'AccessDenied', message: 'no role configured in the test STS' });
        return;
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      send(
        res,
        200,
        `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult><Credentials><AccessKeyId>${temp.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(
          temp.secretAccessKey,
        )}</SecretAccessKey><SessionToken>${xmlEscape(temp.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>${xmlEscape(
          temp.identity.arn,
        )}</Arn><AssumedRoleId>${xmlEscape(temp.identity.userId)}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
      return;
    }
    sendError(res, { code: 'InvalidAction', message: `Could not find operation ${action}`, status: 400 });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    configure(next) {
      options = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
