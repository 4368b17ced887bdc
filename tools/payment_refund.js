/**
 * payment_refund: records a refund in the tenant's payment ledger (kv namespace `payments`).
 * Its compensation, payment_refund_reverse, voids the refund when a later step fails.
 */
export default async function paymentRefund(args, ctx) {
  const key = `refunds/${args.paymentId}`;
  const prior = (await ctx.kv.get(key)) ?? [];
  const refunded = prior.filter((r) => r.status === 'succeeded').reduce((s, r) => s + r.amount, 0);
  if (refunded + args.amount > 100000)
    throw Object.assign(new Error('refund exceeds the payment'), { code: 'refund_limit' });
  const refundId = `re_${args.paymentId.slice(4)}_${prior.length + 1}`;
  await ctx.kv.set(key, [
    ...prior,
    { refundId, amount: args.amount, currency: args.currency, status: 'succeeded' },
  ]);
  return { refundId, status: 'succeeded', amount: args.amount };
}
