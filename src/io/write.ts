import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync } from 'node:fs';
import path from 'node:path';
import { ResidencyError } from '../core/errors.js';

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

/**
 * Write a string as UTF-8 in slices, never splitting a surrogate pair, so the bytes are exactly
 * those of Buffer.from(content, 'utf8').
 */
async function writeChunked(handle: import('node:fs/promises').FileHandle, content: string): Promise<void> {
  if (content.length <= CHUNK) {
    await handle.writeFile(content, 'utf8');
    return;
  }
  let start = 0;
  while (start < content.length) {
    let end = Math.min(start + CHUNK, content.length);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end--; // keep a high surrogate with its pair
    const bytes = Buffer.from(content.slice(start, end), 'utf8');
    let written = 0;
    while (written < bytes.length) {
      const r = await handle.write(bytes, written, bytes.length - written);
      written += r.bytesWritten;
    }
    start = end;
  }
}

/**
 * Write a report atomically: a temporary file in the same folder, flushed, then renamed over the
 * target. An interrupted run never leaves a truncated report nor replaces a good one with garbage.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  hookCleanup();
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.residency-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  pending.add(tmp);
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
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
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ResidencyError('E_WRITE', `${target}: cannot write (${code})`, [
      {
        code: 'E_WRITE',
        severity: 'error',
        message: `cannot write the report (${code}); any previous file is left as it was`,
        file: target,
        hint: code === 'ENOSPC' ? 'Free some disk space' : 'Check that the folder exists and is writable',
      },
    ]);
  }
}
