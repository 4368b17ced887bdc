/** payment_refund_reverse: compensation of payment_refund — marks the refund it made as voided. */
export default async function paymentRefundReverse(input, ctx) {
  const key = `refunds/${input.args.paymentId}`;
  const ledger = (await ctx.kv.get(key)) ?? [];
  const entry = ledger.find((r) => r.refundId === input.result.refundId);
  if (!entry) throw Object.assign(new Error('refund not found'), { code: 'not_found' });
  entry.status = 'voided';
  await ctx.kv.set(key, ledger);
  return { refundId: entry.refundId, status: 'voided' };
}
