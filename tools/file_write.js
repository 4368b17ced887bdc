/** file_write: writes a file of the tenant's virtual file system (kv namespace `fs`). */
export default async function fileWrite(args, ctx) {
  const path = normalise(args.path);
  const previous = await ctx.kv.get(path);
  if (previous !== null && args.overwrite !== true) {
    throw Object.assign(new Error(`${path} exists; pass overwrite: true`), { code: 'conflict' });
  }
  await ctx.kv.set(path, args.content);
  return {
    path,
    bytesWritten: args.content.length,
    previous: typeof previous === 'string' ? previous : null,
  };
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
