/**
 * End to end: the built CLI and the real AWS SDK against a loopback STS look-alike.
 * No test reaches the internet: every endpoint is 127.0.0.1 and instance metadata is disabled.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsyncRun, runCliAsync } from '../../cli/run.js';
import { closedPortUrl, DEFAULT_IDENTITY, type StsServer, startStsServer } from './sts-server.js';

const ROOT = resolve(import.meta.dirname, '../..');

const ACCESS_KEY = 'AKIAFAKEEXAMPLE7Q3ZX';
const SECRET_KEY = 'fakeSecretKey/residencyTEST/0123456789abcd';
const SESSION_TOKEN = 'FAKEsessionTOKENresidencyTEST0123456789abcdefghijklmnopqrstuvwxyz';
const PROFILE_KEY = 'AKIAFAKEPROFILE4K2PX';
const PROFILE_SECRET = 'fakeProfileSecret/residencyTEST/987654321z';
const TEMP_KEY = 'ASIAFAKETEMPORARY8N1Q';
const TEMP_SECRET = 'fakeTempSecret/residencyTEST/000011112222x';
const TEMP_TOKEN = 'FAKEtempTOKENresidencyTEST9876543210zyxwvutsrqponmlkjihgfedcba';
const SECRETS = [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, PROFILE_KEY, PROFILE_SECRET, TEMP_KEY, TEMP_SECRET, TEMP_TOKEN];

const PROFILE_IDENTITY = {
  account: '555566667777',
  arn: 'arn:aws-us-gov:iam::555566667777:user/profile-user',
  userId: 'AIDAPROFILEUSER00001',
};
const ROLE_ARN = 'arn:aws:iam::999988887777:role/ResidencyAudit';
const ROLE_IDENTITY = {
  account: '999988887777',
  arn: 'arn:aws:sts::999988887777:assumed-role/ResidencyAudit/residency',
  userId: 'AROAROLEEXAMPLE00001:residency',
};

let home: string;

/** Files built from src/ that the CLI needs; rebuild when any is missing or stale. */
function ensureBuilt(): void {
  const pairs = [
    ['src/cli/commands/whoami.ts', 'dist/cli/commands/whoami.js'],
    ['src/adapters/aws/identity.ts', 'dist/adapters/aws/identity.js'],
    ['src/adapters/aws/sts-client.ts', 'dist/adapters/aws/sts-client.js'],
    ['src/adapters/aws/errors.ts', 'dist/adapters/aws/errors.js'],
    ['src/cli/aws-flags.ts', 'dist/cli/aws-flags.js'],
  ];
  const stale = pairs.some(([src, out]) => {
    try {
      return statSync(join(ROOT, out)).mtimeMs < statSync(join(ROOT, src)).mtimeMs;
    } catch {
      return true;
    }
  });
  if (stale) spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'ignore' });
}

/** A clean AWS environment: nothing from the real machine, config files in a temp dir. */
function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_REGION: 'us-east-1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** The CLI in exactly the environment given (nothing from this machine); killed after 30 s. */
const run = (args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<AsyncRun> =>
  runCliAsync(args, { env, inheritEnv: false, nodeArgs, timeout: 30_000 });

function expectNoSecrets(result: AsyncRun): void {
  const all = result.stdout + result.stderr;
  for (const secret of SECRETS) expect(all).not.toContain(secret);
}

function expectOneLineFailure(result: AsyncRun, code: string): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error ${code}: .+\\. .+`));
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expectNoSecrets(result);
}

describe('residency whoami (real SDK, loopback STS)', () => {
  let sts: StsServer;

  beforeAll(async () => {
    ensureBuilt();
    home = mkdtempSync(join(tmpdir(), 'residency-aws-'));
    writeFileSync(join(home, 'config'), '');
    writeFileSync(join(home, 'credentials'), '');
    sts = await startStsServer();
  }, 120_000);

  afterAll(async () => {
    await sts?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function reset(options: Parameters<StsServer['configure']>[0] = {}): void {
    sts.configure(options);
    sts.requests.length = 0;
  }

  it('prints the identity as a table', async () => {
    reset();
    const result = await run(['whoami'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Account\s+111122223333/);
    expect(result.stdout).toMatch(/ARN\s+arn:aws:iam::111122223333:user\/auditor/);
    expect(result.stdout).toMatch(/User ID\s+AIDAEXAMPLEUSERID0001/);
    expect(result.stdout).toMatch(/Partition\s+aws \(AWS\)/);
    expect(result.stdout).toContain(sts.url);
    expect(result.stdout).not.toContain('AWS China');
    expectNoSecrets(result);
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]).toMatchObject({
      method: 'POST',
      action: 'GetCallerIdentity',
      accessKeyId: ACCESS_KEY,
      signingRegion: 'us-east-1',
      hasSessionToken: true,
    });
    expect(sts.requests[0].params.Version).toBe('2011-06-15');
  });

  it('prints JSON with --json', async () => {
    reset();
    const result = await run(['whoami', '--json'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      account: DEFAULT_IDENTITY.account,
      arn: DEFAULT_IDENTITY.arn,
      userId: DEFAULT_IDENTITY.userId,
      partition: 'aws',
      endpoint: sts.url,
      region: 'us-east-1',
    });
    expectNoSecrets(result);
  });

  it('notes a caller in AWS China', async () => {
    reset({
      defaultIdentity: {
        account: '123456789012',
        arn: 'arn:aws-cn:iam::123456789012:user/cn-user',
        userId: 'AIDACNUSER0000000001',
      },
    });
    const result = await run(['whoami', '--aws-region', 'cn-north-1'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Partition\s+aws-cn \(AWS China\)/);
    expect(result.stdout).toContain('operating in AWS China');
    expect(sts.requests[0].signingRegion).toBe('cn-north-1');
  });

  it('--aws-endpoint-url wins over AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL', async () => {
    reset();
    const dead = await closedPortUrl();
    const result = await run(
      ['whoami', '--json', '--aws-endpoint-url', sts.url],
      baseEnv({ AWS_ENDPOINT_URL_STS: dead, AWS_ENDPOINT_URL: dead }),
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).endpoint).toBe(sts.url);
    expect(sts.requests).toHaveLength(1);
  });

  it('AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL, which is used alone', async () => {
    reset();
    const dead = await closedPortUrl();
    const both = await run(['whoami', '--json'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL: dead }));
    expect(both.status).toBe(0);
    const generic = await run(['whoami', '--json'], baseEnv({ AWS_ENDPOINT_URL: sts.url }));
    expect(generic.status).toBe(0);
    expect(sts.requests).toHaveLength(2);
  });

  it('--aws-profile reads the shared credentials file and beats the environment keys', async () => {
    reset({ identities: { [PROFILE_KEY]: PROFILE_IDENTITY } });
    const dir = mkdtempSync(join(tmpdir(), 'residency-aws-profile-'));
    try {
      writeFileSync(
        join(dir, 'credentials'),
        `[audit]\naws_access_key_id = ${PROFILE_KEY}\naws_secret_access_key = ${PROFILE_SECRET}\n`,
      );
      writeFileSync(join(dir, 'config'), '[profile audit]\nregion = us-gov-west-1\n');
      const env = baseEnv({
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_REGION: undefined,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config'),
      });
      const result = await run(['whoami', '--json', '--aws-profile', 'audit'], env);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        account: PROFILE_IDENTITY.account,
        partition: 'aws-us-gov',
        region: 'us-gov-west-1',
      });
      expect(sts.requests[0]).toMatchObject({ accessKeyId: PROFILE_KEY, signingRegion: 'us-gov-west-1' });
      expect(sts.requests[0].hasSessionToken).toBe(false);
      expectNoSecrets(result);

      const missing = await run(['whoami', '--aws-profile', 'nope'], env);
      expectOneLineFailure(missing, 'E_AWS_NO_CREDENTIALS');
      expect(missing.stderr).toContain("'nope'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--aws-role-arn assumes the role (session residency, external id) and reports the role identity', async () => {
    reset({
      assumeRole: {
        accessKeyId: TEMP_KEY,
        secretAccessKey: TEMP_SECRET,
        sessionToken: TEMP_TOKEN,
        identity: ROLE_IDENTITY,
      },
    });
    const result = await run(
      ['whoami', '--json', '--aws-role-arn', ROLE_ARN, '--aws-external-id', 'ext-4242'],
      baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      account: ROLE_IDENTITY.account,
      arn: ROLE_IDENTITY.arn,
      assumedRole: ROLE_ARN,
    });
    expectNoSecrets(result);
    expect(sts.requests.map((r) => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity']);
    expect(sts.requests[0].params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'residency',
      ExternalId: 'ext-4242',
    });
    expect(sts.requests[0].accessKeyId).toBe(ACCESS_KEY);
    expect(sts.requests[1].accessKeyId).toBe(TEMP_KEY);
  });

  it('fails with E_AWS_NO_CREDENTIALS when there are none', async () => {
    reset();
    const result = await run(
      ['whoami'],
      baseEnv({
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
      }),
    );
    expectOneLineFailure(result, 'E_AWS_NO_CREDENTIALS');
    expect(result.stdout).toBe('');
    expect(sts.requests).toHaveLength(0);
  });

  it.each([
    ['ExpiredToken', 'GetCallerIdentity', 'E_AWS_EXPIRED'],
    ['AccessDenied', 'GetCallerIdentity', 'E_AWS_ACCESS_DENIED'],
    ['AccessDenied', 'AssumeRole', 'E_AWS_ACCESS_DENIED'],
    ['InvalidClientTokenId', 'GetCallerIdentity', 'E_AWS_INVALID_CREDENTIALS'],
  ] as const)('maps %s on %s to %s', async (errorCode, action, code) => {
    reset({
      errors: {
        [action]: {
          code: errorCode,
          message: `The request for ${ACCESS_KEY} was refused (token ${SESSION_TOKEN})`,
        },
      },
    });
    const args = action === 'AssumeRole' ? ['whoami', '--aws-role-arn', ROLE_ARN] : ['whoami'];
    const result = await run(args, baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expectOneLineFailure(result, code);
    if (action === 'AssumeRole') expect(result.stderr).toContain(ROLE_ARN);
  });

  it('reports failures as JSON with --json too', async () => {
    reset({
      errors: {
        GetCallerIdentity: { code: 'ExpiredToken', message: 'The security token included in the request is expired' },
      },
    });
    const result = await run(['whoami', '--json'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expectOneLineFailure(result, 'E_AWS_EXPIRED');
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'E_AWS_EXPIRED',
        message: expect.any(String),
        hint: expect.any(String),
        exitCode: 2,
        diagnostics: [expect.objectContaining({ code: 'E_AWS_EXPIRED', severity: 'error' })],
      },
    });
  });

  it('maps throttling to E_AWS_THROTTLED after a bounded number of attempts', async () => {
    reset({ errors: { GetCallerIdentity: { code: 'Throttling', message: 'Rate exceeded', status: 400 } } });
    const result = await run(['whoami'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expectOneLineFailure(result, 'E_AWS_THROTTLED');
    expect(sts.requests.length).toBeGreaterThanOrEqual(1);
    expect(sts.requests.length).toBeLessThanOrEqual(2);
  });

  it('maps a closed port to E_AWS_UNREACHABLE', async () => {
    const dead = await closedPortUrl();
    const result = await run(['whoami'], baseEnv({ AWS_ENDPOINT_URL_STS: dead }));
    expectOneLineFailure(result, 'E_AWS_UNREACHABLE');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain(dead);
  });

  it('gives up after --aws-timeout with E_AWS_TIMEOUT', async () => {
    reset({ hang: true });
    const result = await run(['whoami', '--aws-timeout', '1'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }));
    expectOneLineFailure(result, 'E_AWS_TIMEOUT');
    expect(result.stderr).toContain('1 s');
    expect(result.ms).toBeLessThan(8000);
  }, 20_000);

  it('rejects a malformed endpoint URL with E_AWS_CONFIG', async () => {
    const result = await run(['whoami', '--aws-endpoint-url', 'sts.example'], baseEnv());
    expectOneLineFailure(result, 'E_AWS_CONFIG');
  });
});

describe('the AWS SDK is loaded lazily', () => {
  let dir: string;
  let sts: StsServer;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'residency-aws-lazy-'));
    home = dir;
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '');
    // Loader hooks run in their own thread; they append every resolved @aws-sdk URL to a file.
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
let log;
export async function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('@aws-sdk')) appendFileSync(log, result.url + '\\n');
  return result;
}
`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { log: process.env.RESIDENCY_RESOLVE_LOG } });
`,
    );
    sts = await startStsServer();
  }, 120_000);

  afterAll(async () => {
    await sts?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function resolvedSdk(args: string[], env: NodeJS.ProcessEnv, name: string): Promise<[AsyncRun, string]> {
    const log = join(dir, `${name}.log`);
    writeFileSync(log, '');
    const result = await run(args, { ...env, RESIDENCY_RESOLVE_LOG: log }, [
      '--import',
      pathToFileURL(join(dir, 'register.mjs')).href,
    ]);
    return [result, readFileSync(log, 'utf8')];
  }

  it('is not loaded by --help or whoami --help', async () => {
    const [help, helpLog] = await resolvedSdk(['--help'], baseEnv(), 'help');
    expect(help.status).toBe(0);
    expect(helpLog).toBe('');
    const [whoamiHelp, whoamiHelpLog] = await resolvedSdk(['whoami', '--help'], baseEnv(), 'whoami-help');
    expect(whoamiHelp.status).toBe(0);
    expect(whoamiHelp.stdout).toContain('--aws-role-arn');
    expect(whoamiHelpLog).toBe('');
  });

  it('is loaded by a real whoami (the hook works)', async () => {
    const [result, log] = await resolvedSdk(['whoami'], baseEnv({ AWS_ENDPOINT_URL_STS: sts.url }), 'whoami');
    expect(result.status).toBe(0);
    expect(log).toContain('@aws-sdk/client-sts');
  });
});
