import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ResidencyError } from '../model/errors.js';
import { readInputFile } from './files.js';

/** Read an Ed25519 key in PEM form; anything else is a usage error (exit 2) naming the file. */
export async function readEd25519Key(file: string, kind: 'private' | 'public'): Promise<KeyObject> {
  const { text } = await readInputFile(file, { maxBytes: 64 * 1024 });
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(text) : createPublicKey(text);
  } catch {
    throw new ResidencyError('E_KEY', `${file}: not a ${kind} key`, [
      {
        code: 'E_KEY',
        severity: 'error',
        message: `not a PEM ${kind} key`,
        file,
        expected: `an Ed25519 ${kind} key in PEM form`,
        hint:
          kind === 'private'
            ? 'Create one with `openssl genpkey -algorithm ed25519 -out key.pem`'
            : 'Derive it with `openssl pkey -in key.pem -pubout -out pub.pem`',
      },
    ]);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ResidencyError('E_KEY', `${file}: not an Ed25519 key`, [
      {
        code: 'E_KEY',
        severity: 'error',
        message: `the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`,
        file,
        expected: 'an Ed25519 key',
        hint: 'Create one with `openssl genpkey -algorithm ed25519 -out key.pem`',
      },
    ]);
  }
  return key;
}
