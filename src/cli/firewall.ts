import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createFirewall, type Firewall } from '../firewall/index.js';

export const FIREWALL_OPTIONS = {
  config: { type: 'string', short: 'c' },
  policies: { type: 'string' },
} as const;

export function firewallFor(values: {
  config?: string | undefined;
  policies?: string | undefined;
}): Firewall {
  const config = loadConfig({
    file: values.config,
    defaultFile: 'agentwall.yaml',
    overrides: values.policies === undefined ? {} : { policies: { dir: values.policies } },
  });
  return createFirewall({ file: join(config.policies.dir, 'firewall.yaml') });
}
