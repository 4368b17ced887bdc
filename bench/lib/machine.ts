import { cpus, totalmem } from 'node:os';

export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown';
  return {
    cpu: cpu.trim(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
