import { closeSync, constants, promises as fs, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResidencyError } from '../model/errors.js';
import type { TextSource } from '../parse/parse.js';
import { formatBytes } from '../util/text.js';

/** Default limit for one input file; `--max-input-size` changes it. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Root of the installed package (holds rules/, schemas/, examples/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ReadOptions {
  maxBytes?: number;
  /** Read a regular file at least this large into shared memory (InputFile.shared), for a worker to read too. */
  shareFrom?: number;
}

export interface InputFile {
  /** Path as the user gave it (or '<stdin>'). */
  file: string;
  text: string;
  bytes: number;
  /** The file's bytes in a SharedArrayBuffer, when asked for with `shareFrom`. */
  shared?: Uint8Array;
  /** The file that was read, as its open handle saw it (with `shared`): to read it again only if it is unchanged. */
  identity?: FileIdentity;
}

/** What tells that a file is still the one that was read: same device and inode, size and modification time. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

function identityOf(stat: { dev: number; ino: number; size: number; mtimeMs: number }): FileIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

function fail(code: string, file: string, message: string, hint: string, expected?: string): ResidencyError {
  return new ResidencyError(code, `${file}: ${message}`, [{ code, severity: 'error', message, file, hint, expected }]);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(buffer: Uint8Array, file: string): string {
  try {
    return decoder.decode(buffer);
  } catch {
    // locate the first replacement character that a lenient decode produces
    const lenient = new TextDecoder('utf-8').decode(buffer);
    const bad = Math.max(0, lenient.indexOf('\uFFFD'));
    const before = lenient.slice(0, bad);
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    throw new ResidencyError('E_ENCODING', `${file}: not valid UTF-8`, [
      {
        code: 'E_ENCODING',
        severity: 'error',
        message: 'the file is not valid UTF-8 text (binary data or another encoding)',
        file,
        line,
        column,
        expected: 'UTF-8 text',
        hint: 'Convert the file to UTF-8 (for example `iconv -f WINDOWS-1252 -t UTF-8`)',
      },
    ]);
  }
}

/** Read one input file, refusing directories, FIFOs, devices and files over the size limit before reading. */
export async function readInputFile(file: string, options: ReadOptions = {}): Promise<InputFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (file === '-') return readStdin(maxBytes);
  const stat = await statInput(file);
  if (stat.size > maxBytes) {
    throw fail(
      'E_TOO_LARGE',
      file,
      `is ${formatBytes(stat.size)}, over the input size limit of ${formatBytes(maxBytes)}`,
      `Raise the limit with --max-input-size ${Math.ceil(stat.size / 1024 / 1024) + 1}MB if this is intended`,
    );
  }
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (options.shareFrom !== undefined && stat.size >= options.shareFrom) {
      const identity = identityOf(await handle.stat());
      const shared = await readShared(handle, stat.size);
      if (shared) return { file, text: decodeUtf8(shared, file), bytes: shared.length, shared, identity };
    }
    const buffer = await handle.readFile();
    return { file, text: decodeUtf8(buffer, file), bytes: buffer.length };
  } catch (error) {
    throw readError(file, error);
  } finally {
    await handle?.close();
  }
}

/** How a piece of a file's text is found in its bytes (rereadSource). */
export interface TextBytes {
  /** Bytes before the text: a byte-order mark (3) or none (0). */
  skip: number;
  /** The byte offset (after `skip`) of a code-unit offset of the text, undefined when it is not known. */
  at(unit: number): number | undefined;
  /** `latin1` for a file that is all ASCII (one byte a character), else `utf8`. */
  encoding: 'latin1' | 'utf8';
}

/**
 * A file's text read again a piece at a time (ParsedDocument.shelve): characters `start`…`end` are the bytes between
 * `at(start)` and `at(end)`, after `skip`, decoded. Each piece opens, checks and closes the file: undefined when it
 * cannot be read, is no longer the file `identity` describes (changed or replaced since), or its bytes do not decode
 * to `end - start` characters, so nothing is located from other bytes than those checked.
 */
export function rereadSource(file: string, identity: FileIdentity, text: TextBytes): TextSource {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return (start, end) => {
    const from = text.at(start);
    const to = text.at(end);
    if (from === undefined || to === undefined || to < from) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const now = identityOf(fstatSync(fd));
      if (
        now.dev !== identity.dev ||
        now.ino !== identity.ino ||
        now.size !== identity.size ||
        now.mtimeMs !== identity.mtimeMs
      )
        return undefined;
      const bytes = Buffer.allocUnsafe(to - from);
      let read = 0;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, text.skip + from + read);
        if (n === 0) return undefined;
        read += n;
      }
      const piece = text.encoding === 'latin1' ? bytes.toString('latin1') : decoder.decode(bytes);
      return piece.length === end - start ? piece : undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}

/** What went wrong reading a file, as a ResidencyError (one that already is passes through). */
export function readError(file: string, error: unknown): ResidencyError {
  if (error instanceof ResidencyError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return fail('E_READ', file, 'permission denied', 'Make the file readable by this user');
  if (code === 'EISDIR') return fail('E_NOT_FILE', file, 'is a directory', 'Give a file', 'a file');
  return fail('E_READ', file, `cannot read (${code ?? (error as Error).message})`, 'Check the path and permissions');
}

/**
 * The stat of an input file, refusing what cannot be read as one (a missing file, a directory, a FIFO, a socket
 * or a device) with the error a user can act on.
 */
export async function statInput(file: string): Promise<import('node:fs').Stats> {
  let stat: import('node:fs').Stats;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail('E_NOT_FOUND', file, 'no such file', 'Check the path', 'an existing file');
    if (code === 'EACCES') throw fail('E_READ', file, 'permission denied', 'Make the file readable by this user');
    throw fail('E_READ', file, `cannot read (${code ?? 'unknown error'})`, 'Check the path and permissions');
  }
  if (stat.isDirectory()) {
    throw fail('E_NOT_FILE', file, 'is a directory', 'Give the inventory file inside it', 'a file');
  }
  if (!stat.isFile()) {
    throw fail(
      'E_NOT_FILE',
      file,
      'is not a regular file (FIFO, socket or device)',
      'Give a regular file, or use - to read standard input',
      'a regular file',
    );
  }
  return stat;
}

/** The whole file in shared memory, or undefined when it no longer has the size it had (then read it normally). */
async function readShared(
  handle: import('node:fs/promises').FileHandle,
  size: number,
): Promise<Uint8Array | undefined> {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
    if (bytesRead === 0) return undefined;
    offset += bytesRead;
  }
  const { bytesRead } = await handle.read(new Uint8Array(1), 0, 1, size);
  return bytesRead === 0 ? bytes : undefined;
}

async function readStdin(maxBytes: number): Promise<InputFile> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      throw fail(
        'E_TOO_LARGE',
        '<stdin>',
        `standard input is over the input size limit of ${formatBytes(maxBytes)}`,
        'Raise the limit with --max-input-size',
      );
    }
    chunks.push(buffer);
  }
  const buffer = Buffer.concat(chunks);
  return { file: '<stdin>', text: decodeUtf8(buffer, '<stdin>'), bytes: buffer.length };
}

/** `512MB`, `2GiB`, `1000000` → bytes. */
export function parseSize(text: string): number | undefined {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.floor(n * mult);
}

/** All files with the given extensions under a path (the path itself when it is a file; subfolders too unless
 * `recursive: false`), sorted. */
export async function listFiles(
  target: string,
  extensions: readonly string[],
  options: { recursive?: boolean } = {},
): Promise<string[]> {
  const recursive = options.recursive !== false;
  let stat: import('node:fs').Stats;
  try {
    stat = await fs.stat(target);
  } catch {
    throw fail('E_NOT_FOUND', target, 'no such file or directory', 'Check the path');
  }
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) throw fail('E_NOT_FILE', target, 'is not a file or directory', 'Give a file or folder');
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(full);
      } else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) out.push(full);
    }
  };
  await walk(target);
  return out;
}
