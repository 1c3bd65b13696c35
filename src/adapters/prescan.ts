import { isAscii } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import { scanJson } from '../parse/json-scan.js';
import {
  assembleJson,
  DEFAULT_MAX_DEPTH,
  type JsonPrescan,
  type ParsedDocument,
  parseJsonData,
  sha256,
} from '../parse/parse.js';
import { type FileIdentity, rereadSource, type TextBytes } from './files.js';
import { bomLength, byteAt, type Utf8Offsets } from './text-offsets.js';

/** Inputs at least this large are scanned in a worker thread, alongside JSON.parse on the main thread. */
export const PARALLEL_SCAN_BYTES = 8 * 1024 * 1024;

/** The size from which to scan in a worker; RESIDENCY_NO_WORKER=1 turns it off (same results, one thread). */
export function parallelScanFrom(): number | undefined {
  return process.env.RESIDENCY_NO_WORKER === '1' ? undefined : PARALLEL_SCAN_BYTES;
}

/**
 * What the worker thread gives: the pre-parse scan and digest, whether the bytes after a byte-order mark are all
 * ASCII, and for a text that is not its offsets table.
 */
export interface WorkerPrescan extends JsonPrescan {
  ascii: boolean;
  utf8?: Utf8Offsets;
}

/**
 * Run the JSON pre-parse scan and the digest of `bytes` (a view of a SharedArrayBuffer, so nothing is
 * copied) in a worker thread. Resolves undefined when the worker cannot run or gives a result for a
 * different text than `expectedLength` characters; the caller then scans on its own thread.
 */
export function prescanInWorker(
  bytes: Uint8Array,
  maxDepth: number,
  expectedLength: number,
): Promise<WorkerPrescan | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./prescan-worker.js', import.meta.url), { workerData: { bytes, maxDepth } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: WorkerPrescan & { length: number }) => {
      resolve(message.length === expectedLength ? message : undefined);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/**
 * A large JSON document read into shared memory (`readInputFile(…, { shareFrom })`): the pre-parse scan and
 * the digest run in a worker thread while this thread runs JSON.parse (two cores instead of one); the same
 * document as parseText gives, errors included. `text` as read, `body` without a byte-order mark.
 * `reread`: the file the bytes were read from; the document can then drop its text once the inventory is validated
 * and read pieces of the file again (ParsedDocument.shelve), when they are all ASCII or the worker found where its
 * vendors start in them.
 */
export async function parseSharedJson(
  text: string,
  body: string,
  file: string,
  shared: Uint8Array,
  options: { reread?: { path: string; identity: FileIdentity } } = {},
): Promise<{ doc: ParsedDocument; inWorker: boolean }> {
  const prescan = prescanInWorker(shared, DEFAULT_MAX_DEPTH, body.length);
  const parsed = parseJsonData(body);
  const fromWorker = await prescan;
  const scanned = fromWorker ?? {
    scan: scanJson(body, DEFAULT_MAX_DEPTH),
    sha256: sha256(text),
    maxDepth: DEFAULT_MAX_DEPTH,
  };
  const bytes = options.reread ? textBytes(shared, body.length, fromWorker) : undefined;
  const source =
    options.reread && bytes ? rereadSource(options.reread.path, options.reread.identity, bytes) : undefined;
  return { doc: assembleJson(body, file, scanned, parsed, undefined, source), inWorker: fromWorker !== undefined };
}

/**
 * How the body's characters are found in `shared`: one byte each when the bytes after a byte-order mark are all ASCII
 * (as the worker found, or checked here without one) and as many as the characters; else through the worker's table
 * of offsets (undefined without one: the main thread scanned alone).
 */
export function textBytes(
  shared: Uint8Array,
  bodyLength: number,
  worker: Pick<WorkerPrescan, 'ascii' | 'utf8'> | undefined,
): TextBytes | undefined {
  const skip = bomLength(shared);
  if (worker ? worker.ascii : isAscii(shared.subarray(skip)))
    return shared.length - skip === bodyLength ? { skip, at: (unit) => unit, encoding: 'latin1' } : undefined;
  const utf8 = worker?.utf8;
  return utf8 ? { skip, at: (unit) => byteAt(utf8, unit), encoding: 'utf8' } : undefined;
}
