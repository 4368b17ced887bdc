import { existsSync } from 'node:fs';
import { type CanaryStore, MemoryCanaryStore } from '../canary/index.js';
import { type OutputConfig, parseOutputConfig, readOutputConfig } from './config.js';
import type { InspectFn } from './filter.js';

/** What the service holds for L3: the validated `output:` policy, the canary store, the L2 hook. */
export interface OutputLayer {
  readonly config: OutputConfig;
  readonly canaries: CanaryStore;
  readonly inspect?: InspectFn;
}

/** Builds L3 from policies/firewall.yaml (defaults when the file is absent). Throws `policy_invalid`. */
export function createOutputLayer(firewallFile: string | null, inspect?: InspectFn): OutputLayer {
  const config =
    firewallFile !== null && existsSync(firewallFile)
      ? readOutputConfig(firewallFile)
      : parseOutputConfig(undefined);
  const canaries = new MemoryCanaryStore({ maxEntries: config.canary.maxEntries });
  return inspect === undefined ? { config, canaries } : { config, canaries, inspect };
}
