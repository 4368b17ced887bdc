/**
 * web_fetch: GET/HEAD a page through the host's `fetch` capability (allow-listed hosts, SSRF
 * checks and size/time caps are enforced by the host, not here). Keeps a copy in the tenant's
 * web cache for the `web_fetch_cache` fallback. Upstream failures carry the codes recovery
 * understands: rate_limited (with Retry-After) and upstream_5xx are retried, others are not.
 */
export default async function webFetch(args, ctx) {
  const res = await ctx.fetch(args.url, { method: args.method ?? 'GET' });
  if (res.status === 429) {
    throw Object.assign(new Error('upstream rate limit'), {
      code: 'rate_limited',
      retryAfterMs: res.retryAfterMs,
    });
  }
  if (res.status >= 500)
    throw Object.assign(new Error(`upstream answered ${res.status}`), { code: 'upstream_5xx' });
  const max = args.maxBytes ?? 1048576;
  const body = res.body.length > max ? res.body.slice(0, max) : res.body;
  const out = { status: res.status, body };
  if (res.headers['content-type'] !== undefined) out.contentType = res.headers['content-type'].slice(0, 256);
  if (res.status < 400) await ctx.kv.set(args.url, out);
  return out;
}
