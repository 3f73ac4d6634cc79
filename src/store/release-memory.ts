import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection now, so that the memory of embedded databases that were closed
 * goes back to the system. An embedded (PGlite) database lives in a WebAssembly heap of ~150 MiB,
 * ~600 MiB while `initdb` makes a new one; closed, it is garbage, but V8 collects it only when
 * its own (small) JavaScript heap fills, which an idle server's does not: `npm start` held
 * ~0.8 GiB idle after its first start made four databases, ~0.3 GiB after this (`npm run bench`,
 * the memory rows). `serve` calls it once it has started and after each run of a request, whose
 * datastore connectors are opened for the run and closed after.
 *
 * Node exposes `gc` only with `--expose-gc`; setting that flag at run time and taking `gc` from a
 * fresh context is how Jest's leak detector does it (jest-leak-detector). Where that fails, this
 * does nothing: V8 still collects when it decides to. A full collection of a server's heap takes
 * milliseconds.
 */
export async function releaseMemory(): Promise<void> {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      collect = typeof found === 'function' ? (found as () => void) : () => undefined;
    } catch {
      collect = () => undefined;
    }
  }
  // Twice, a turn of the event loop apart: a closed instance's last references are dropped by
  // callbacks the first collection lets run (~600 MiB freed by the first pass, ~300 by the second).
  collect();
  await nextTurn();
  collect();
}
