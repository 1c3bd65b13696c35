import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsyncRun, runCliAsync } from '../../cli/run.js';
import { AS_OF } from '../../helpers.js';
import { closedPortUrl, type StsServer, startStsServer } from './sts-server.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEYXX';
let sts: StsServer;
const home = mkdtempSync(join(tmpdir(), 'residency-aws-'));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    NO_COLOR: '1',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

/** The CLI in exactly the environment given (nothing from this machine); killed after 30 s. */
const run = (args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<AsyncRun> =>
  runCliAsync(args, { env, inheritEnv: false, nodeArgs, timeout: 30_000 });

beforeAll(async () => {
  sts = await startStsServer();
});
afterAll(async () => {
  await sts.close();
});

describe('check --aws-identity', () => {
  it('records the identity and passes when the account is in the inventory', async () => {
    const r = await run(
      ['check', 'examples/acme-clean.yaml', '--aws-identity', '--format', 'json', '--as-of', AS_OF],
      env({ AWS_ENDPOINT_URL_STS: sts.url }),
    );
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.identity).toMatchObject({ account: '111122223333', partition: 'aws', inInventory: true });
    expect(report.findings).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('an account missing from the inventory is a medium finding; aws-cn is operating in AWS China', async () => {
    sts.configure({
      defaultIdentity: { account: '999988887777', arn: 'arn:aws-cn:iam::999988887777:user/x', userId: 'AIDAX' },
    });
    const r = await run(
      ['check', 'examples/acme-clean.yaml', '--aws-identity', '--format', 'json', '--as-of', AS_OF],
      env({ AWS_ENDPOINT_URL_STS: sts.url }),
    );
    const report = JSON.parse(r.stdout);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId).sort();
    expect(ids).toEqual(['aws-account-not-in-inventory', 'aws-china-partition']);
    expect(report.identity).toMatchObject({ inInventory: false, china: true, partition: 'aws-cn' });
    expect(r.status).toBe(1); // aws-china-partition is high, at the default --fail-on
    sts.configure({});
  });

  it('fails with exit 2 when STS is unreachable, or records the failure with =optional', async () => {
    const dead = await closedPortUrl();
    const required = await run(
      ['check', 'examples/acme-clean.yaml', '--aws-identity'],
      env({ AWS_ENDPOINT_URL_STS: dead }),
    );
    expect(required.status).toBe(2);
    expect(required.stderr).toMatch(/error E_AWS_UNREACHABLE/);
    const optional = await run(
      ['check', 'examples/acme-clean.yaml', '--aws-identity=optional', '--format', 'json', '--as-of', AS_OF],
      env({ AWS_ENDPOINT_URL_STS: dead }),
    );
    expect(optional.status).toBe(0);
    expect(JSON.parse(optional.stdout).identity.error.code).toBe('E_AWS_UNREACHABLE');
    expect(optional.stderr).toMatch(/warning E_AWS_UNREACHABLE/);
  });
});
