/**
 * Where the worker's code is and how to start it. From source (vitest, tsx) the worker is the
 * `.ts` file and node needs the tsx loader; compiled (dist/) it is the `.js` beside this file.
 * Both need --no-node-snapshot, which isolated-vm requires on Node 20+.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  readonly file: string;
  readonly execArgv: readonly string[];
}

export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const fromSource = /\.(?:c|m)?ts$/.test(new URL(moduleUrl).pathname);
  const file = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', moduleUrl));
  const execArgv = fromSource ? ['--no-node-snapshot', '--import', 'tsx'] : ['--no-node-snapshot'];
  return { file, execArgv };
}

/** Fails at start-up, not on the first tool call, when the worker file is missing. */
export function assertWorkerEntry(entry: WorkerEntry): void {
  if (!existsSync(entry.file)) throw new Error(`sandbox worker not found at ${entry.file}`);
}
