/**
 * A readers–writer lock with FIFO fairness: any number of shared holders at once, or one
 * exclusive holder alone. A waiting exclusive request blocks shared requests that arrive
 * after it, so a steady stream of ordinary requests cannot starve a transaction.
 */
export type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: (release: Release) => void;
}

export class ReadWriteLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly queue: Waiter[] = [];

  /** Resolves when the lock is held shared; call the returned function exactly once to release. */
  acquireShared(): Promise<Release> {
    return this.acquire(false);
  }

  /** Resolves when the lock is held alone; call the returned function exactly once to release. */
  acquireExclusive(): Promise<Release> {
    return this.acquire(true);
  }

  /** Runs `work` holding the lock shared. */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireShared();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Runs `work` holding the lock exclusively. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireExclusive();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Holders and waiters, for tests and diagnostics. */
  get state(): { shared: number; exclusive: boolean; waiting: number } {
    return { shared: this.sharedHolders, exclusive: this.exclusiveHeld, waiting: this.queue.length };
  }

  private acquire(exclusive: boolean): Promise<Release> {
    return new Promise((grant) => {
      this.queue.push({ exclusive, grant });
      this.dispatch();
    });
  }

  /** Grants the head of the queue while it is compatible with the current holders. */
  private dispatch(): void {
    for (;;) {
      const next = this.queue[0];
      if (!next || this.exclusiveHeld) return;
      if (next.exclusive) {
        if (this.sharedHolders > 0) return;
        this.exclusiveHeld = true;
      } else {
        this.sharedHolders += 1;
      }
      this.queue.shift();
      next.grant(this.releaser(next.exclusive));
    }
  }

  private releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      // A second call must not release someone else's hold.
      if (released) return;
      released = true;
      if (exclusive) this.exclusiveHeld = false;
      else this.sharedHolders -= 1;
      this.dispatch();
    };
  }
}
