import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync, statSync } from 'node:fs';

/**
 * Makes committed WAL frames durable without blocking the event loop.
 *
 * With `synchronous=FULL`, SQLite fsyncs the WAL inside every COMMIT, on the calling thread: the
 * whole server stalls for the disk flush (milliseconds on virtual disks). Instead the store runs
 * SQLite at `synchronous=NORMAL` (a COMMIT only write()s its WAL frames) and calls fdatasync on
 * the WAL file itself on libuv's thread pool, acknowledging a batch only once a flush that began
 * after its COMMIT has completed. An acknowledged event is then on disk exactly as with FULL,
 * while requests keep being served during the flush. Flushes are coalesced: at most one runs,
 * and every batch committed meanwhile waits for the single next one.
 */
export class WalSync {
  private fd: number | null = null;
  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL before this call is on stable storage. */
  sync(): Promise<void> {
    if (this.current === null) {
      this.current = this.start();
      return this.current;
    }
    // A flush already running may have started before our COMMIT: wait for the next one.
    this.queued ??= this.current
      .catch(() => {})
      .then(() => {
        this.queued = null;
        this.current ??= this.start();
        return this.current;
      });
    return this.queued;
  }

  /** Flushes now, blocking (shutdown and synchronous drains). */
  syncNow(): void {
    fdatasyncSync(this.open());
  }

  /** Resolves when no flush is running or queued (before closing the file under it). */
  async settled(): Promise<void> {
    while (this.current !== null || this.queued !== null) {
      await (this.queued ?? this.current)?.catch(() => {});
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private start(): Promise<void> {
    const p: Promise<void> = new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        fd = this.open();
      } catch (err) {
        reject(err);
        return;
      }
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    }).finally(() => {
      if (this.current === p) this.current = null;
    });
    return p;
  }

  /**
   * The WAL exists once the database has been opened in WAL mode and read. SQLite keeps the same
   * file while a connection is open, but checking the inode costs two syscalls per flush and
   * guarantees that the file flushed is the one SQLite writes.
   */
  private open(): number {
    if (this.fd !== null && fstatSync(this.fd).ino !== statSync(this.walPath).ino) this.close();
    this.fd ??= openSync(this.walPath, 'r');
    return this.fd;
  }
}
