import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ResidencyError } from '../model/errors.js';
import { type ListSink, type ListSinks, memorySinks } from '../sign/canonical-document.js';
import { removeOnExit } from './write.js';

/** Bytes gathered in memory before they are written to the sink's file. */
const SPILL_BYTES = 1 << 20;

/**
 * Sinks that keep a signed report's long lists in files of a temporary folder until they are signed: the bytes are
 * never in memory whole, as they are read back a megabyte at a time to be signed (twice: Ed25519 hashes its message
 * twice, `signEd25519Chunks`).
 * Held in memory, they made V8 collect garbage more often while the report was written (external memory counts
 * towards the heap's limits), and they would add about the report's size to the peak (docs/performance-history.md, passes 17
 * and 18).
 * The folder is made in `parent` when the first list starts; `close` removes it, as does a run stopped by SIGTERM,
 * SIGINT or SIGHUP.
 */
export function spillSinks(parent: string = tmpdir()): ListSinks {
  let dir: string | undefined;
  let release = (): void => {};
  // the lists are kept in memory instead when no folder can be made for them (a TMPDIR that is missing or read-only):
  // the same bytes, for more memory
  let inMemory: ListSinks | undefined;
  const sinks: SpillSink[] = [];
  return {
    sink() {
      if (dir === undefined && inMemory === undefined) {
        try {
          dir = mkdtempSync(path.join(parent, 'residency-sign-'));
          // a run stopped by a signal removes it too
          release = removeOnExit(dir);
        } catch (error) {
          if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
          inMemory = memorySinks();
        }
      }
      if (inMemory !== undefined) return inMemory.sink();
      const folder = dir as string;
      const sink = spilling(folder, () => new SpillSink(path.join(folder, `list-${sinks.length}`)));
      sinks.push(sink);
      return sink;
    },
    close() {
      for (const sink of sinks) sink.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      release();
      dir = undefined;
    },
  };
}

/**
 * `work` on the temporary files, or E_WRITE naming their folder when the file system refuses it (a TMPDIR that is
 * missing or read-only, a full disk): not the report's own file, which is left as it was.
 */
export function spilling<T>(folder: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof Error) || typeof code !== 'string') throw error;
    throw new ResidencyError('E_WRITE', `${folder}: cannot write the signature's temporary files (${code})`, [
      {
        code: 'E_WRITE',
        severity: 'error',
        message: `cannot write the temporary files a signature is made from (${code}); the report is not written`,
        file: folder,
        hint:
          code === 'ENOSPC'
            ? 'Free some disk space, or set TMPDIR to a folder on a disk with room for about the report’s size'
            : 'Set TMPDIR to a writable folder (the signed report’s lists wait there until they are signed)',
      },
    ]);
  }
}

class SpillSink implements ListSink {
  readonly #folder: string;
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafe(SPILL_BYTES);
  #used = 0;
  /** Bytes in the file. */
  #spilled = 0;
  #closed = false;

  constructor(file: string) {
    this.#folder = path.dirname(file);
    this.#fd = openSync(file, 'w+', 0o600);
  }

  get length(): number {
    return this.#spilled + this.#used;
  }

  write(piece: string): void {
    const most = piece.length * 3; // UTF-8 bytes of one UTF-16 code unit: at most 3
    if (this.#used + most > this.#buffer.length) {
      this.#flush();
      if (most > this.#buffer.length) {
        this.#writeAll(Buffer.from(piece, 'utf8'));
        return;
      }
    }
    this.#used += this.#buffer.write(piece, this.#used, 'utf8');
  }

  /** The file's bytes, read back into the sink's buffer a buffer at a time (each chunk is that buffer). */
  *chunks(): Iterable<Uint8Array> {
    this.#flush();
    const buffer = this.#buffer;
    let done = 0;
    while (done < this.#spilled) {
      const n = spilling(this.#folder, () =>
        readSync(this.#fd, buffer, 0, Math.min(buffer.length, this.#spilled - done), done),
      );
      if (n === 0) throw new Error(`a signed report's list ended after ${done} of ${this.#spilled} bytes`);
      yield buffer.subarray(0, n);
      done += n;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #flush(): void {
    if (this.#used === 0) return;
    this.#writeAll(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  #writeAll(bytes: Buffer): void {
    spilling(this.#folder, () => {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done, this.#spilled + done);
    });
    this.#spilled += bytes.length;
  }
}
