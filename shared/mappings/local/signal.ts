// A wake-up signal for the dispatch loop: `wait` resolves on the next `notify`, after `ms`, or when aborted.

/**
 * @example
 * const signal = new Signal();
 * setTimeout(() => signal.notify(), 10);
 * await signal.wait(1_000); // returns after about 10 ms
 */
export class Signal {
  #waiters: Array<() => void> = [];

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const waiters = this.#waiters;
      function done() {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }
}
