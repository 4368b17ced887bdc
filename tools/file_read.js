/**
 * file_read: reads a file of the tenant's virtual file system (kv namespace `fs`). Paths are
 * normalised here for tidy keys; isolation between tenants is the host's kv, not this code.
 */
export default async function fileRead(args, ctx) {
  const path = normalise(args.path);
  const content = await ctx.kv.get(path);
  if (typeof content !== 'string')
    throw Object.assign(new Error(`no such file: ${path}`), { code: 'not_found' });
  const max = args.maxBytes ?? 1048576;
  return content.length > max ? { path, content: content.slice(0, max), truncated: true } : { path, content };
}

function normalise(p) {
  const parts = [];
  for (const seg of String(p).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw Object.assign(new Error('path escapes the workspace'), { code: 'invalid_path' });
    parts.push(seg);
  }
  if (parts.length === 0) throw Object.assign(new Error('empty path'), { code: 'invalid_path' });
  return `/${parts.join('/')}`;
}
