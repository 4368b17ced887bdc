/**
 * Validates, tests and swaps policy sets. Every path to a new active set goes through `apply`:
 * the set is fully built (rules, conditions, Casbin, tool schemas) and its own tests must pass
 * before the single-reference swap, so a request sees either the old set or the new one, never
 * half of each. An invalid set is refused with a precise error and the last good set keeps serving.
 */
import { type FSWatcher, watch } from 'node:fs';
import { AgentwallError } from '../errors.js';
import { loadPolicySet, type PolicySet, policySetFromFiles } from './set.js';
import type { PolicyStore } from './store.js';
import { formatReport, runPolicyTests, type TestReport } from './testing.js';

export interface ReloaderOptions {
  readonly dir: string;
  readonly cacheSize: number;
  readonly debounceMs?: number;
  readonly onEvent?: (e: ReloadEvent) => void;
}

export type ReloadEvent =
  | { readonly kind: 'swapped'; readonly version: string; readonly source: string }
  | { readonly kind: 'unchanged'; readonly version: string; readonly source: string }
  | { readonly kind: 'refused'; readonly source: string; readonly error: string };

export interface ReloadStatus {
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
}

export class PolicyReloader {
  readonly #store: PolicyStore;
  readonly #opts: ReloaderOptions;
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #status: ReloadStatus = { lastError: null, lastAttemptAt: null };

  constructor(store: PolicyStore, opts: ReloaderOptions) {
    this.#store = store;
    this.#opts = opts;
  }

  get status(): ReloadStatus {
    return this.#status;
  }

  /** Builds a candidate from uploaded files without activating it. */
  candidate(files: ReadonlyMap<string, string>): Promise<PolicySet> {
    return policySetFromFiles(this.#opts.dir, files, { cacheSize: this.#opts.cacheSize });
  }

  /** Runs the set's own tests; throws `policy_invalid` listing failures. */
  async verify(set: PolicySet): Promise<TestReport> {
    const report = await runPolicyTests(set);
    if (report.failed > 0) {
      const failures = report.results.filter((r) => !r.pass).slice(0, 20);
      throw new AgentwallError('policy_invalid', {
        detail: `${report.failed} policy test(s) failed; the set was not activated`,
        errors: failures.map((f) => ({
          path: `${f.file}:${f.line}`,
          message: `${f.note}: want ${f.want.decision}${f.want.rule ? ` (${f.want.rule})` : ''}, got ${f.got.decision} (${f.got.rules.join(', ')})`,
        })),
        cause: formatReport(report),
      });
    }
    return report;
  }

  /** Tests and swaps in a set; serialised so two reloads never interleave. */
  apply(set: PolicySet, source: string): Promise<{ set: PolicySet; report: TestReport; changed: boolean }> {
    const run = this.#chain.then(async () => {
      const report = await this.verify(set);
      const changed = this.#store.current()?.version !== set.version;
      if (changed) this.#store.swap(set);
      this.#opts.onEvent?.({ kind: changed ? 'swapped' : 'unchanged', version: set.version, source });
      return { set, report, changed };
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Re-reads the policies directory; on failure records the error and keeps the current set. */
  async reloadFromDir(): Promise<PolicySet | null> {
    this.#status = { ...this.#status, lastAttemptAt: new Date().toISOString() };
    try {
      const set = await loadPolicySet(this.#opts.dir, { cacheSize: this.#opts.cacheSize });
      await this.apply(set, 'watch');
      this.#status = { ...this.#status, lastError: null };
      return set;
    } catch (err) {
      const error = describe(err);
      this.#status = { ...this.#status, lastError: error };
      this.#opts.onEvent?.({ kind: 'refused', source: 'watch', error });
      return null;
    }
  }

  /** Re-activates a version from the history (the last `keep` sets). */
  rollback(version: string): Promise<PolicySet> {
    const set = this.#store.history().find((s) => s.version === version);
    if (!set)
      return Promise.reject(
        new AgentwallError('not_found', { detail: `version ${version.slice(0, 64)} is not in the history` }),
      );
    // A set in the history passed its tests when it was activated; swap it straight back.
    const run = this.#chain.then(() => {
      this.#store.swap(set);
      this.#opts.onEvent?.({ kind: 'swapped', version: set.version, source: 'rollback' });
      return set;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Watches the directory (recursively); bursts of writes are debounced into one reload. */
  watch(): void {
    if (this.#watcher) return;
    this.#watcher = watch(this.#opts.dir, { recursive: true, persistent: false }, () => {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.reloadFromDir();
      }, this.#opts.debounceMs ?? 250);
    });
    this.#watcher.on('error', (err) =>
      this.#opts.onEvent?.({ kind: 'refused', source: 'watch', error: describe(err) }),
    );
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export function describe(err: unknown): string {
  if (err instanceof AgentwallError) {
    const details = (err.errors ?? []).map((e) => `${e.path}: ${e.message}`);
    return [err.detail, ...details.filter((d) => !err.detail.includes(d))].join('; ');
  }
  return (err as Error)?.message ?? String(err);
}
