import { Worker } from 'node:worker_threads';
import type { JsonPrescan } from '../parse/parse.js';

/** Inputs at least this large are scanned in a worker thread, alongside JSON.parse on the main thread. */
export const PARALLEL_SCAN_BYTES = 8 * 1024 * 1024;

/** The size from which to scan in a worker; RESIDENCY_NO_WORKER=1 turns it off (same results, one thread). */
export function parallelScanFrom(): number | undefined {
  return process.env.RESIDENCY_NO_WORKER === '1' ? undefined : PARALLEL_SCAN_BYTES;
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
): Promise<JsonPrescan | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./prescan-worker.js', import.meta.url), { workerData: { bytes, maxDepth } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: JsonPrescan & { length: number }) => {
      resolve(message.length === expectedLength ? message : undefined);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
