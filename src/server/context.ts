import type { Principal } from '../types.js';

/** Per-request state, typed once so `c.get(...)` needs no casts. */
declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
    principal: Principal;
  }
}

export type AppEnv = { Variables: { requestId: string; principal: Principal } };
