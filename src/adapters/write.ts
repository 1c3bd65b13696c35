import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync } from 'node:fs';
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
        unlinkSync(file);
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

/** Characters encoded per write: a large report is never held as one more full-size buffer. */
const CHUNK = 8 * 1024 * 1024;

async function writeAll(handle: import('node:fs/promises').FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const r = await handle.write(bytes, written, bytes.length - written);
    written += r.bytesWritten;
  }
}

/** Bytes gathered before a write: pieces are encoded into one reusable buffer, not a buffer each. */
const OUT_BYTES = 4 * 1024 * 1024;

/**
 * Write text as UTF-8 in slices, never splitting a surrogate pair, so the bytes are exactly those of
 * Buffer.from(whole text, 'utf8'). The text is one string or a sequence of pieces (a streamed
 * report); a piece ending in a high surrogate keeps it for the next piece. Pieces are encoded into a
 * reusable 4 MiB buffer (a UTF-16 unit is at most 3 bytes), written when the next piece may not fit.
 */
async function writeChunked(
  handle: import('node:fs/promises').FileHandle,
  content: string | Iterable<string>,
): Promise<void> {
  if (typeof content === 'string' && content.length <= CHUNK) {
    await handle.writeFile(content, 'utf8');
    return;
  }
  const out = Buffer.allocUnsafe(OUT_BYTES);
  let used = 0;
  const flush = async (): Promise<void> => {
    if (used > 0) await writeAll(handle, out.subarray(0, used));
    used = 0;
  };
  const put = async (text: string): Promise<void> => {
    if (text.length * 3 > OUT_BYTES - used) await flush();
    if (text.length * 3 <= OUT_BYTES) used += out.write(text, used, 'utf8');
    else await writeAll(handle, Buffer.from(text, 'utf8'));
  };
  let carry = '';
  const pieces = typeof content === 'string' ? [content] : content;
  for (const piece of pieces) {
    const text = carry + piece;
    carry = '';
    let start = 0;
    while (start < text.length) {
      let end = Math.min(start + CHUNK, text.length);
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        // keep a high surrogate with its pair, which may start the next piece (a lone one at the very
        // end is written last, as Buffer.from would)
        if (end === text.length) carry = text.slice(end - 1);
        end--;
      }
      if (end > start) await put(start === 0 && end === text.length ? text : text.slice(start, end));
      start = end + carry.length;
    }
  }
  if (carry) await put(carry);
  await flush();
}

/**
 * Write a report atomically: a temporary file in the same folder, flushed, then renamed over the
 * target. An interrupted run never leaves a truncated report nor replaces a good one with garbage.
 * Missing parent folders are created.
 */
export async function writeFileAtomic(target: string, content: string | Iterable<string>): Promise<void> {
  hookCleanup();
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.residency-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  pending.add(tmp);
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
    pending.delete(tmp);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    pending.delete(tmp);
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
 * Write text, whole or in pieces, to standard output (or another stream), waiting for the stream to
 * drain between pieces so a streamed report is not buffered whole in memory.
 */
export async function writeToStream(stream: NodeJS.WritableStream, content: string | Iterable<string>): Promise<void> {
  if (typeof content === 'string') {
    stream.write(content);
    return;
  }
  for (const piece of content) {
    if (stream.write(piece)) continue;
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
