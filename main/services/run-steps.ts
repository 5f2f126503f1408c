/**
 * Long work written once as steps (a generator that yields between them),
 * run either to its end at once or in slices that let the event loop run:
 * the app's main process must keep answering while a sync of 100,000
 * suppliers parses, checks and applies them.
 */

/** Work as steps: `yield` marks where it may pause; the return value is the result. */
export type Steps<T> = Generator<void, T>;

/** Runs steps to their end at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Longest run of steps between two turns of the event loop, in milliseconds. */
const SLICE_MS = 20;

/** Runs steps, letting the event loop run every SLICE_MS or so. */
export async function runInSlices<T>(steps: Steps<T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((done) => setImmediate(done));
      sliceStart = performance.now();
    }
  }
}
