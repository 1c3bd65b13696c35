import { randomBytes } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import path from 'node:path';
import { ResidencyError } from '../model/errors.js';

const pending = new Set<string>();
let hooked = false;

function hookCleanup(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = (): void => {
    for (const file of pending) {
      try {
        rmSync(file, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  };
  process.once('exit', cleanup);
  // SIGTERM/SIGINT/SIGHUP end a process without 'exit': remove the temporary file, then re-raise the
  // signal so the process still dies of it (the default action, and the usual 128+n status).
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanup();
      pending.clear();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Remove `file` (a file or a folder) if the process ends, by a signal or an exit, before the function returned is
 * called: the temporary files a run makes (the report's, `writeFileAtomic`; a signature's, `spillSinks`) are not
 * left behind by a run that is stopped.
 */
export function removeOnExit(file: string): () => void {
  hookCleanup();
  pending.add(file);
  return () => {
    pending.delete(file);
  };
}

/** A string this long or shorter is written in one call. */
const CHUNK = 8 * 1024 * 1024;

async function writeAll(handle: import('node:fs/promises').FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const r = await handle.write(bytes, written, bytes.length - written);
    written += r.bytesWritten;
  }
}

/** Bytes gathered before a write to a file: pieces are encoded into two buffers used in turn, not a buffer each. */
const OUT_BYTES = 4 * 1024 * 1024;

/** Bytes gathered before a write to a stream (standard output): a write per piece would be a system call each. */
const STREAM_BYTES = 64 * 1024;

/**
 * Text as UTF-8, `size` bytes at most at a time, never splitting a surrogate pair, so the bytes are
 * exactly those of Buffer.from(whole text, 'utf8'). The text is one string or a sequence of pieces (a
 * streamed report, possibly a piece per item: each is encoded straight into the buffer, never joined to
 * others first); a piece ending in a high surrogate keeps it for the next piece. `pool`: 0 for a new
 * buffer each time; n ≥ 1 for n buffers filled in turn, so a buffer handed out is filled again only once the
 * caller has asked for n more (with 2, the caller can write one buffer while the next is filled).
 */
export function* utf8Chunks(content: string | Iterable<string>, size: number, pool: number): Generator<Buffer> {
  // a UTF-16 unit is at most 3 bytes: a slice of `span` units always fits an empty buffer (and a slice
  // of two or more units still moves on when it ends before a pair and is cut short by one)
  if (size < 6) throw new RangeError('utf8Chunks needs buffers of 6 bytes or more');
  const span = Math.floor(size / 3);
  const buffers: Buffer[] = [];
  let turn = 0;
  // the next buffer to fill: a new one, or the pool's next in turn (allocated the first time round)
  const next = (): Buffer => {
    if (pool <= 0) return Buffer.allocUnsafe(size);
    turn = (turn + 1) % pool;
    buffers[turn] ??= Buffer.allocUnsafe(size);
    return buffers[turn];
  };
  let out: Buffer = Buffer.allocUnsafe(size);
  if (pool > 0) buffers[0] = out;
  let used = 0;
  let carry = '';
  const pieces = typeof content === 'string' ? [content] : content;
  for (const piece of pieces) {
    const text = carry === '' ? piece : carry + piece;
    carry = '';
    let start = 0;
    while (start < text.length) {
      let end = Math.min(start + span, text.length);
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        // keep a high surrogate with its pair, which may start the next piece (a lone one at the very
        // end is written last, as Buffer.from would)
        if (end === text.length) carry = text.slice(end - 1);
        end--;
      }
      if (end > start) {
        if ((end - start) * 3 > size - used) {
          yield out.subarray(0, used);
          out = next();
          used = 0;
        }
        used += out.write(start === 0 && end === text.length ? text : text.slice(start, end), used, 'utf8');
      }
      start = end + carry.length;
    }
  }
  if (carry) {
    if (carry.length * 3 > size - used) {
      yield out.subarray(0, used);
      out = next();
      used = 0;
    }
    used += out.write(carry, used, 'utf8');
  }
  if (used > 0) yield out.subarray(0, used);
}

/** Write text, whole or in pieces, as UTF-8 (utf8Chunks) into a file. */
async function writeChunked(
  handle: import('node:fs/promises').FileHandle,
  content: string | Iterable<string>,
): Promise<void> {
  if (typeof content === 'string' && content.length <= CHUNK) {
    await handle.writeFile(content, 'utf8');
    return;
  }
  // two buffers in turn: one is written (by libuv's threads) while the report's next pieces fill the other
  let writing: Promise<void> | undefined;
  try {
    for (const bytes of utf8Chunks(content, OUT_BYTES, 2)) {
      await writing;
      writing = writeAll(handle, bytes);
    }
    await writing;
  } catch (error) {
    // a formatter that fails mid-report: let the write under way finish before the file is closed and removed
    await writing?.catch(() => {});
    throw error;
  }
}

/**
 * Write a report atomically: a temporary file in the same folder, flushed, then renamed over the
 * target. An interrupted run never leaves a truncated report nor replaces a good one with garbage.
 * Missing parent folders are created.
 */
export async function writeFileAtomic(target: string, content: string | Iterable<string>): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.residency-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const release = removeOnExit(tmp);
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    // `--report out/residency.sarif` into a folder that does not exist yet creates it (as CI users expect)
    await fs.mkdir(dir, { recursive: true });
    handle = await fs.open(tmp, 'wx', 0o644);
    await writeChunked(handle, content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
    release();
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    release();
    // a failure of the content itself (a streamed formatter) is not a write error: pass it on
    if (!(error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string')) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ResidencyError('E_WRITE', `${target}: cannot write (${code})`, [
      {
        code: 'E_WRITE',
        severity: 'error',
        message: `cannot write the report (${code}); any previous file is left as it was`,
        file: target,
        hint: code === 'ENOSPC' ? 'Free some disk space' : 'Check that the folder can be created and is writable',
      },
    ]);
  }
}

/**
 * Write text, whole or in pieces, to standard output (or another stream): pieces are gathered into
 * buffers of STREAM_BYTES (utf8Chunks), waiting for the stream to drain between buffers so a streamed
 * report is not held whole in memory.
 */
export async function writeToStream(stream: NodeJS.WritableStream, content: string | Iterable<string>): Promise<void> {
  if (typeof content === 'string') {
    stream.write(content);
    return;
  }
  for (const bytes of utf8Chunks(content, STREAM_BYTES, 0)) {
    if (stream.write(bytes)) continue;
    // wait for the reader; a reader that went away (closed pipe) ends the output quietly
    const open = await new Promise<boolean>((resolve) => {
      const settle = (value: boolean) => (): void => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        stream.off('error', onClose);
        resolve(value);
      };
      const onDrain = settle(true);
      const onClose = settle(false);
      stream.once('drain', onDrain);
      stream.once('close', onClose);
      stream.once('error', onClose);
    });
    if (!open) return;
  }
}
