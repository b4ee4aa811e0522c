/**
 * At most SIGNIN_MAX_CONCURRENT sign-ins are checked at once in this process: each password check is an scrypt of
 * 128 MiB (lib/auth/password.ts), and anonymous callers must not be able to start as many as they like. A sign-in
 * beyond that is not queued but answered at once with 429 and Retry-After.
 */
export class Slots {
  private inUse = 0;

  constructor(private readonly capacity: number) {}

  /** A release function, or null when every slot is taken. */
  tryAcquire(): (() => void) | null {
    if (this.inUse >= this.capacity) return null;
    this.inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
    };
  }
}
