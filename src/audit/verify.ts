import { chainHash, GENESIS_HASH } from './chain.js';
import { type Checkpoint, checkCheckpoint } from './checkpoint.js';
import type { Keyring } from './keys.js';

export type Problem =
  | 'altered'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'bad_signature'
  | 'unknown_key'
  | 'unreadable';

export interface VerifyFailure {
  /** The first log position (seq) at which verification fails. */
  readonly seq: number;
  readonly problem: Problem;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Events checked. */
  readonly events: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly headHash: string;
  readonly checkpoints: number;
  readonly lastCheckpoint: { readonly count: number; readonly time: string; readonly keyId: string } | null;
  /** Events after the last signed checkpoint: their removal could not be detected. */
  readonly unanchored: number;
  readonly failure: VerifyFailure | null;
  readonly durationMs: number;
}

/** A report's counts before anything was checked (or when nothing could be). */
export const EMPTY_COUNTS = {
  events: 0,
  firstSeq: 0,
  lastSeq: 0,
  headHash: '',
  checkpoints: 0,
  lastCheckpoint: null,
  unanchored: 0,
} as const satisfies Omit<VerifyReport, 'ok' | 'failure' | 'durationMs'>;

export interface ChainRow {
  readonly seq: number;
  readonly body: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Lookups used only to explain a break, never on the fast path. */
export interface BreakProbe {
  /** The seq of a row whose hash is `hash`, or null. */
  seqOfHash(hash: string): number | null;
  /** The prevHash of the row at `seq`, or null if there is none. */
  prevHashAt(seq: number): string | null;
}

/**
 * Walks the chain row by row. Backend-neutral: the store feeds rows in seq order and asks for
 * the result; the checks are the same for every store.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prev: string;
  /** Hash of the row before the previous one, to recognise a row the chain skips. */
  private prevPrev: string | null = null;
  private readonly byCount: Map<number, Checkpoint>;
  private checked = 0;
  failure: VerifyFailure | null = null;

  constructor(
    checkpoints: readonly Checkpoint[],
    private readonly probe: BreakProbe,
    start: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
  ) {
    this.expectedSeq = start.seq;
    this.prev = start.prevHash;
    this.byCount = new Map(checkpoints.map((c) => [c.count, c]));
  }

  get lastSeq(): number {
    return this.expectedSeq - 1;
  }
  get headHash(): string {
    return this.prev;
  }
  get events(): number {
    return this.checked;
  }

  /** Returns false once a failure is found; later rows are then ignored. */
  push(row: ChainRow): boolean {
    if (this.failure) return false;
    this.checked++;
    this.failure = this.check(row);
    if (this.failure) return false;
    this.prevPrev = this.prev;
    this.prev = row.hash;
    this.expectedSeq = row.seq + 1;
    return true;
  }

  private check(row: ChainRow): VerifyFailure | null {
    if (row.seq !== this.expectedSeq) {
      const n = row.seq - this.expectedSeq;
      return fail(this.expectedSeq, 'deleted', `${n} event(s) missing before event ${row.seq}`);
    }
    if (chainHash(row.prevHash, row.body) !== row.hash) {
      return fail(row.seq, 'altered', `event ${row.seq} does not match its hash: its content was changed`);
    }
    if (row.prevHash !== this.prev) return this.explainBreak(row);
    const cp = this.byCount.get(row.seq);
    if (cp && cp.headHash !== row.hash) {
      return fail(row.seq, 'altered', `event ${row.seq} differs from the signed checkpoint at ${cp.count}`);
    }
    return null;
  }

  private explainBreak(row: ChainRow): VerifyFailure {
    if (this.prevPrev !== null && row.prevHash === this.prevPrev) {
      return fail(
        row.seq - 1,
        'inserted',
        `event ${row.seq - 1} is not part of the chain: event ${row.seq} links past it`,
      );
    }
    const linkedTo = this.probe.seqOfHash(row.prevHash);
    if (linkedTo !== null && linkedTo > row.seq) {
      return fail(
        row.seq,
        'reordered',
        `event ${row.seq} follows event ${linkedTo}, which is stored after it`,
      );
    }
    if (this.probe.prevHashAt(row.seq + 1) === this.prev) {
      return fail(
        row.seq,
        'inserted',
        `event ${row.seq} is not part of the chain: event ${row.seq + 1} links past it`,
      );
    }
    if (linkedTo === null) {
      return fail(
        row.seq,
        'altered',
        `event ${row.seq} does not link to event ${row.seq - 1}: event ${row.seq - 1} was rewritten and re-hashed, ` +
          'or events were deleted and the rest renumbered',
      );
    }
    return fail(
      row.seq,
      'reordered',
      `event ${row.seq} links to event ${linkedTo} instead of event ${row.seq - 1}`,
    );
  }
}

function fail(seq: number, problem: Problem, detail: string): VerifyFailure {
  return { seq, problem, detail };
}

/** Checks every checkpoint's signature; returns the first (lowest count) failure. */
export function checkSignatures(checkpoints: readonly Checkpoint[], keyring: Keyring): VerifyFailure | null {
  for (const cp of checkpoints) {
    const result = checkCheckpoint(cp, keyring);
    if (result === 'unknown_key') {
      return fail(cp.count, 'unknown_key', `checkpoint at ${cp.count} is signed by unknown key ${cp.keyId}`);
    }
    if (result === 'bad_signature') {
      return fail(cp.count, 'bad_signature', `checkpoint at ${cp.count} has an invalid signature`);
    }
  }
  return null;
}

/**
 * Where the chain must start: at seq 1 from the genesis hash, or — after pruning — right after a
 * signed checkpoint. A missing anchor means events were removed from the front without one.
 */
export function findStart(
  firstSeq: number | null,
  checkpoints: readonly Checkpoint[],
): { start: { seq: number; prevHash: string } } | { failure: VerifyFailure } {
  if (firstSeq === null || firstSeq === 1) return { start: { seq: 1, prevHash: GENESIS_HASH } };
  const anchor = checkpoints.find((c) => c.count === firstSeq - 1);
  if (!anchor) {
    return {
      failure: fail(
        1,
        'deleted',
        `events 1..${firstSeq - 1} are missing and no signed checkpoint anchors event ${firstSeq}`,
      ),
    };
  }
  return { start: { seq: firstSeq, prevHash: anchor.headHash } };
}

/** A checkpoint that counts more events than remain means the tail was cut off. */
export function checkTruncation(lastSeq: number, checkpoints: readonly Checkpoint[]): VerifyFailure | null {
  const beyond = checkpoints.filter((c) => c.count > lastSeq);
  if (beyond.length === 0) return null;
  const max = Math.max(...beyond.map((c) => c.count));
  return fail(
    lastSeq + 1,
    'truncated',
    `a signed checkpoint covers ${max} events but the log ends at ${lastSeq}: events ${lastSeq + 1}..${max} were removed`,
  );
}

export function earliest(...failures: (VerifyFailure | null)[]): VerifyFailure | null {
  let best: VerifyFailure | null = null;
  for (const f of failures) if (f && (!best || f.seq < best.seq)) best = f;
  return best;
}
