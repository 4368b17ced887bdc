/**
 * JavaScript that runs inside every fresh guest context before the tool. It is guest code: nothing
 * here is trusted by the host. The script evaluates to an installer that receives the one host
 * callback (`send`, a plain function in the guest, created from an ivm.Callback so no ivm object
 * is ever reachable) as an argument — it never appears on the global — and returns the entry point
 * the host calls. The installer turns `send` into the tool's capability API and wraps the tool so
 * that only a string leaves the isolate: the host never reads a guest object, so no guest getter,
 * Proxy trap or toJSON ever runs on the host.
 *
 * Ambient authority removed: no require/process exist in an isolate to begin with; WebAssembly,
 * SharedArrayBuffer and Atomics are deleted (Atomics.wait can block the isolate thread, and wasm
 * memory grows outside the V8 heap); timers exist only as the host-bounded `setTimeout`.
 *
 * The entry point takes an operation name: `run` starts the tool, `take` returns its outcome if it
 * has settled (a tool that needs no timer or capability settles in the microtasks that run before
 * the host's synchronous `run` call returns, so the host needs no asynchronous round trip to the
 * isolate thread), `wait` returns the pending promise of the outcome, `deliver` completes a
 * capability call. An outcome is one string: `1` + the result's JSON, or `0` + an error's JSON.
 */
export const GUEST_PRELUDE = `'use strict';
(send) => {
  const g = globalThis;
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete g[name];
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const P = Promise;
  const freeze = Object.freeze;
  const then = P.prototype.then;
  const apply = Reflect.apply;
  const pending = new Map();
  let next = 1;

  const toError = (json) => {
    let e;
    try { e = parse(json); } catch { e = { code: 'internal_error', message: 'bad host reply' }; }
    const err = new Error(String(e.message));
    err.code = String(e.code);
    if (typeof e.retryAfterMs === 'number') err.retryAfterMs = e.retryAfterMs;
    return err;
  };
  const deliver = (id, ok, json) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) {
      let v;
      try { v = parse(json); } catch { p.reject(toError('{"code":"internal_error","message":"bad host reply"}')); return; }
      p.resolve(v);
    } else p.reject(toError(json));
  };
  const call = (op, value) => new P((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    send(id, op, stringify(value === undefined ? null : value));
  });

  const timers = new Map();
  g.setTimeout = (fn, ms, ...args) => {
    if (typeof fn !== 'function') throw new TypeError('setTimeout needs a function');
    const id = next++;
    timers.set(id, true);
    call('timer', Number(ms) || 0).then(() => { if (timers.delete(id)) fn(...args); }, () => timers.delete(id));
    return id;
  };
  g.clearTimeout = (id) => { timers.delete(id); };

  const buildCtx = (caps, logs) => {
    const ctx = {};
    if (caps.fetch) {
      ctx.fetch = (url, init) => {
        const o = init && typeof init === 'object' ? init : {};
        return call('fetch', {
          url: String(url),
          method: o.method === undefined ? 'GET' : String(o.method),
          headers: o.headers && typeof o.headers === 'object' ? o.headers : {},
          body: o.body === undefined || o.body === null ? null : String(o.body),
        });
      };
    }
    if (caps.kv) {
      ctx.kv = freeze({
        get: (key) => call('kv.get', { key: String(key) }),
        set: (key, value) => call('kv.set', { key: String(key), value: value === undefined ? null : value }),
        delete: (key) => call('kv.delete', { key: String(key) }),
        list: (prefix) => call('kv.list', { prefix: prefix === undefined ? '' : String(prefix) }),
      });
    }
    if (caps.log) {
      ctx.log = (...parts) => {
        if (logs.n >= 100) return;
        logs.n++;
        send(0, 'log', stringify(parts.map((p) => { try { return typeof p === 'string' ? p : stringify(p); } catch { return '[unserialisable]'; } }).join(' ').slice(0, 1000)));
      };
    }
    return freeze(ctx);
  };

  const errorOf = (err) => {
    let code = 'tool_error';
    let message = 'tool failed';
    let retryAfterMs;
    try {
      if (err && typeof err.code === 'string' && /^[a-z][a-z0-9_]{0,40}$/.test(err.code)) code = err.code;
      if (err && err.message !== undefined) message = String(err.message).slice(0, 500);
      else message = String(err).slice(0, 500);
      if (err && typeof err.retryAfterMs === 'number' && err.retryAfterMs >= 0) retryAfterMs = err.retryAfterMs;
    } catch {}
    return '0' + stringify(retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs });
  };

  const invoke = async (tool, argsJson, capsJson, maxChars) => {
    try {
      if (typeof tool !== 'function') throw Object.assign(new Error('the tool module has no default export function'), { code: 'tool_invalid' });
      const value = await tool(parse(argsJson), buildCtx(parse(capsJson), { n: 0 }));
      const out = stringify(value === undefined ? null : value);
      if (typeof out !== 'string') throw Object.assign(new Error('result is not JSON'), { code: 'invalid_output' });
      if (out.length > maxChars) throw Object.assign(new Error('result exceeds the output limit'), { code: 'output_too_large' });
      return '1' + out;
    } catch (err) {
      return errorOf(err);
    }
  };

  // A fresh context runs everything for the first time, and first runs are slow (~10 us here):
  // take that once now, while the context waits as a spare, with a no-op tool and no capabilities.
  invoke(() => null, '{}', '{}', 16);

  // Captured before any tool code runs: a tool that patches Promise or Reflect only breaks itself.
  let running = null;
  let outcome;
  const settle = (s) => { outcome = s; };
  return (op, a, b, c) => {
    if (op === 'run') {
      outcome = undefined;
      running = invoke(g.__agentwall_tool, a, b, c);
      apply(then, running, [settle]);
      return undefined;
    }
    if (op === 'take') return typeof outcome === 'string' ? outcome : undefined;
    if (op === 'wait') return running;
    if (op === 'deliver') deliver(a, b, c);
    return undefined;
  };
};
`;

/**
 * Tools are authored as ES modules with one `export default` function; they run as classic
 * scripts (compiled once per isolate, which is what keeps a warm run under a millisecond), so the
 * export becomes an assignment. Any other import/export is a syntax error at compile time.
 *
 * The module body is wrapped in a function, as a module's top-level declarations are local to the
 * module anyway. This also matters for memory: when a script compiled once per isolate and run in
 * a fresh context per call creates a function at its top level and stores it on the global, each
 * released context stays reachable (measured: ~150 KB per run, never reclaimed, until the isolate
 * hit its memory limit); created inside a function, it does not.
 */
export function toolScriptOf(source: string): string | null {
  const re = /^export\s+default\s+/m;
  if (!re.test(source)) return null;
  // Same line as the source's first line, so line numbers in the tool's stack traces stay true.
  return `(function () {${source.replace(re, 'globalThis.__agentwall_tool = ')}\n})();`;
}
