import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapAwsError, scrubSecrets } from '../../../../src/adapters/aws/errors.js';
import {
  type AwsOptions,
  getCallerIdentity,
  partitionOf,
  resolveEndpointUrl,
  toAwsIdentityFailure,
} from '../../../../src/adapters/aws/identity.js';
import { awsOptionsFromFlags } from '../../../../src/cli/aws-flags.js';
import { isResidencyError, type ResidencyError } from '../../../../src/model/errors.js';

const stsMock = mockClient(STSClient);

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET1';
const TOKEN = 'FwoGZXIvYXdzFAKESESSIONTOKENvalue0123456789abcdefghijklmnop';
const env: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEEXAMPLE00001',
  AWS_SECRET_ACCESS_KEY: SECRET_KEY,
  AWS_SESSION_TOKEN: TOKEN,
};
const base: AwsOptions = { region: 'us-east-1', env, timeoutMs: 5000 };

function serviceError(name: string, status: number, message = `${name} happened`): STSServiceException {
  return new STSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });
}

async function failure(options: AwsOptions = base): Promise<ResidencyError> {
  try {
    await getCallerIdentity(options);
  } catch (error) {
    if (isResidencyError(error)) return error;
    throw error;
  }
  throw new Error('expected getCallerIdentity to fail');
}

beforeEach(() => {
  stsMock.reset();
});
afterEach(() => {
  stsMock.reset();
});

describe('partitionOf', () => {
  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'aws'],
    ['arn:aws-cn:sts::111122223333:assumed-role/R/residency', 'aws-cn'],
    ['arn:aws-us-gov:iam::111122223333:root', 'aws-us-gov'],
    ['arn:aws-iso-b:iam::111122223333:root', 'aws-iso-b'],
    ['not an arn', ''],
  ])('%s → %s', (arn, partition) => {
    expect(partitionOf(arn)).toBe(partition);
  });
});

describe('getCallerIdentity', () => {
  it('returns account, ARN, user id and partition', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({
      Account: '111122223333',
      Arn: 'arn:aws:iam::111122223333:user/alice',
      UserId: 'AIDAEXAMPLE',
    });
    const identity = await getCallerIdentity(base);
    expect(identity).toMatchObject({
      account: '111122223333',
      arn: 'arn:aws:iam::111122223333:user/alice',
      userId: 'AIDAEXAMPLE',
      partition: 'aws',
      region: 'us-east-1',
    });
    expect(identity.assumedRole).toBeUndefined();
  });

  it.each([
    ['arn:aws-cn:iam::111122223333:user/bob', 'aws-cn'],
    ['arn:aws-us-gov:iam::111122223333:user/carol', 'aws-us-gov'],
  ])('detects the partition of %s', async (arn, partition) => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: arn, UserId: 'AIDA1' });
    expect((await getCallerIdentity({ ...base, region: 'cn-north-1' })).partition).toBe(partition);
  });

  it('assumes the role first with session name residency and the external id', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .resolves({
        Credentials: {
          AccessKeyId: 'ASIATEMPEXAMPLE00001',
          SecretAccessKey: 'tempsecret',
          SessionToken: 'temptoken',
          Expiration: new Date(Date.now() + 3600_000),
        },
      })
      .on(GetCallerIdentityCommand)
      .resolves({
        Account: '444455556666',
        Arn: 'arn:aws:sts::444455556666:assumed-role/Audit/residency',
        UserId: 'AROAEXAMPLE:residency',
      });
    const identity = await getCallerIdentity({
      ...base,
      roleArn: 'arn:aws:iam::444455556666:role/Audit',
      externalId: 'ext-123',
    });
    expect(identity.account).toBe('444455556666');
    expect(identity.assumedRole).toBe('arn:aws:iam::444455556666:role/Audit');
    const calls = stsMock.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::444455556666:role/Audit',
      RoleSessionName: 'residency',
      ExternalId: 'ext-123',
    });
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it.each([
    ['ExpiredToken', 403, 'E_AWS_EXPIRED'],
    ['ExpiredTokenException', 400, 'E_AWS_EXPIRED'],
    ['RequestExpired', 400, 'E_AWS_EXPIRED'],
    ['AccessDenied', 403, 'E_AWS_ACCESS_DENIED'],
    ['AccessDeniedException', 403, 'E_AWS_ACCESS_DENIED'],
    ['Throttling', 400, 'E_AWS_THROTTLED'],
    ['ThrottlingException', 400, 'E_AWS_THROTTLED'],
    ['RequestLimitExceeded', 503, 'E_AWS_THROTTLED'],
    ['InvalidClientTokenId', 403, 'E_AWS_INVALID_CREDENTIALS'],
    ['SomethingNew', 500, 'E_AWS_UNKNOWN'],
  ])('maps service error %s to %s', async (name, status, code) => {
    stsMock.on(GetCallerIdentityCommand).rejects(serviceError(name, status));
    const error = await failure();
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(error.diagnostics[0].hint).toBeTruthy();
    expect(error.message).not.toMatch(/\n/);
  });

  it('names the role when AssumeRole is denied', async () => {
    stsMock.on(AssumeRoleCommand).rejects(serviceError('AccessDenied', 403, 'User is not authorized'));
    const error = await failure({ ...base, roleArn: 'arn:aws:iam::444455556666:role/Audit' });
    expect(error.code).toBe('E_AWS_ACCESS_DENIED');
    expect(error.message).toContain('sts:AssumeRole');
    expect(error.message).toContain('arn:aws:iam::444455556666:role/Audit');
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it.each([
    ['CredentialsProviderError', 'Could not load credentials from any providers', 'E_AWS_NO_CREDENTIALS'],
    ['Error', 'Could not load credentials from any providers', 'E_AWS_NO_CREDENTIALS'],
  ])('maps %s (%s) to %s', async (name, message, code) => {
    stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error(message), { name }));
    expect((await failure()).code).toBe(code);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'])('maps %s to E_AWS_UNREACHABLE', async (errno) => {
    stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error(`connect ${errno}`), { code: errno }));
    const error = await failure({ ...base, endpointUrl: 'http://127.0.0.1:9' });
    expect(error.code).toBe('E_AWS_UNREACHABLE');
    expect(error.message).toContain(errno);
  });

  it('maps SDK timeouts and aborts to E_AWS_TIMEOUT', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    expect((await failure()).code).toBe('E_AWS_TIMEOUT');
    stsMock.reset();
    stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    expect((await failure()).code).toBe('E_AWS_TIMEOUT');
  });

  it('bounds the whole call with the timeout', async () => {
    stsMock.on(GetCallerIdentityCommand).callsFake(() => new Promise(() => undefined));
    // the call never settles: only the timeout can end it, with E_AWS_TIMEOUT naming the limit
    const error = await failure({ ...base, timeoutMs: 100 });
    expect(error.code).toBe('E_AWS_TIMEOUT');
    expect(error.message).toContain('0.1 s');
  });

  it('never echoes credentials from the environment or AssumeRole in errors', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(
        serviceError(
          'WeirdFailure',
          400,
          `bad request for ${env.AWS_ACCESS_KEY_ID} with ${SECRET_KEY} and token ${TOKEN} / ASIAOTHERKEY00000001`,
        ),
      );
    const error = await failure();
    const text = JSON.stringify({ m: error.message, d: error.diagnostics, f: toAwsIdentityFailure(error) });
    expect(error.code).toBe('E_AWS_UNKNOWN');
    for (const secret of [env.AWS_ACCESS_KEY_ID, SECRET_KEY, TOKEN, 'ASIAOTHERKEY00000001']) {
      expect(text).not.toContain(secret);
    }
  });

  it('rejects bad configuration before calling AWS', async () => {
    expect((await failure({ ...base, externalId: 'x' })).code).toBe('E_AWS_CONFIG');
    expect((await failure({ ...base, roleArn: 'Audit' })).code).toBe('E_AWS_CONFIG');
    expect((await failure({ ...base, endpointUrl: 'not a url' })).code).toBe('E_AWS_CONFIG');
    expect((await failure({ ...base, timeoutMs: 0 })).code).toBe('E_AWS_CONFIG');
    expect(stsMock.calls()).toHaveLength(0);
  });
});

describe('endpoint precedence', () => {
  it('flag > AWS_ENDPOINT_URL_STS > AWS_ENDPOINT_URL > SDK default', () => {
    const all = { AWS_ENDPOINT_URL_STS: 'http://sts.example', AWS_ENDPOINT_URL: 'http://all.example' };
    expect(resolveEndpointUrl({ endpointUrl: 'http://flag.example', env: all })).toBe('http://flag.example');
    expect(resolveEndpointUrl({ env: all })).toBe('http://sts.example');
    expect(resolveEndpointUrl({ env: { AWS_ENDPOINT_URL: 'http://all.example' } })).toBe('http://all.example');
    expect(resolveEndpointUrl({ env: {} })).toBeUndefined();
    expect(resolveEndpointUrl({ env: { ...all, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } })).toBeUndefined();
  });
});

describe('awsOptionsFromFlags', () => {
  it('maps flags to options, seconds to milliseconds', () => {
    expect(
      awsOptionsFromFlags(
        {
          'aws-profile': 'audit',
          'aws-region': 'eu-west-1',
          'aws-endpoint-url': 'http://127.0.0.1:1',
          'aws-role-arn': 'arn:aws:iam::111122223333:role/R',
          'aws-external-id': 'x',
          'aws-timeout': 3,
        },
        {},
      ),
    ).toEqual({
      env: {},
      profile: 'audit',
      region: 'eu-west-1',
      endpointUrl: 'http://127.0.0.1:1',
      roleArn: 'arn:aws:iam::111122223333:role/R',
      externalId: 'x',
      timeoutMs: 3000,
    });
    expect(awsOptionsFromFlags({}, {})).toEqual({ env: {} });
  });
});

describe('scrubSecrets / mapAwsError', () => {
  it('removes given secrets and anything shaped like a key', () => {
    const out = scrubSecrets(`AKIAABCDEFGHIJKLMNOP ${SECRET_KEY} hunter22`, ['hunter22']);
    expect(out).toBe('*** *** ***');
  });

  it('keeps a ResidencyError as is and gives unknown errors a one-line message', () => {
    const e = mapAwsError(new Error('first line\nsecond line'), { operation: 'GetCallerIdentity' });
    expect(e.code).toBe('E_AWS_UNKNOWN');
    expect(e.message).toBe('sts:GetCallerIdentity failed: Error: first line');
    expect(mapAwsError(e)).toBe(e);
  });
});

describe('credential provider failures', () => {
  it('maps an expired SSO session to E_AWS_EXPIRED and a missing profile to E_AWS_NO_CREDENTIALS', () => {
    const sso = Object.assign(new Error('The SSO session associated with this profile has expired.'), {
      name: 'CredentialsProviderError',
    });
    expect(mapAwsError(sso).code).toBe('E_AWS_EXPIRED');
    const missing = new Error(
      'Could not resolve credentials using profile: [nope] in configuration/credentials file(s).',
    );
    const e = mapAwsError(missing, { profile: 'nope' });
    expect(e.code).toBe('E_AWS_NO_CREDENTIALS');
    expect(e.message).toContain("'nope'");
  });
});
