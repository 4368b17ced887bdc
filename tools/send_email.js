/**
 * send_email: appends the message to the tenant's outbox (kv namespace `outbox`); nothing is sent.
 * Addresses on the tenant's suppression list (`suppressed/<address>`, e.g. after a hard bounce)
 * are refused, which fails the call after earlier steps of a multi-step tool have completed.
 */
export default async function sendEmail(args, ctx) {
  for (const to of [...args.to, ...(args.cc ?? [])]) {
    if ((await ctx.kv.get(`suppressed/${to.toLowerCase()}`)) !== null) {
      throw Object.assign(new Error(`${to} is on the suppression list`), { code: 'recipient_suppressed' });
    }
  }
  const count = (await ctx.kv.get('count')) ?? 0;
  const messageId = `msg_${count + 1}`;
  await ctx.kv.set(`messages/${messageId}`, {
    to: args.to,
    cc: args.cc ?? [],
    subject: args.subject,
    body: args.body,
  });
  await ctx.kv.set('count', count + 1);
  ctx.log(`queued ${messageId} for ${args.to.length} recipient(s)`);
  return { messageId, accepted: args.to };
}
