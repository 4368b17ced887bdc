/** web_fetch_cache: the last copy web_fetch stored for a URL (the fallback when the site fails). */
export default async function webFetchCache(args, ctx) {
  const hit = await ctx.kv.get(args.url);
  if (hit === null) throw Object.assign(new Error('no cached copy'), { code: 'not_found' });
  return hit;
}
