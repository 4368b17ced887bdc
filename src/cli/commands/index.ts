import type { Command } from '../command.js';
import { auditCommand } from './audit.js';
import { evalCommand } from './eval.js';
import { keygenCommand } from './keygen.js';
import { policyCommand } from './policy.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';

/** Every CLI command, in the order `agentwall --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  keygenCommand,
  policyCommand,
  scanCommand,
  evalCommand,
  auditCommand,
];
