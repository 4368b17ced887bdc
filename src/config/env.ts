/**
 * The only module that reads `process.env`. Everything else receives configuration values.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export function readEnv(): Env {
  return Object.freeze({ ...process.env });
}
