/** db_query: equality filters over a small in-memory demo database. */
const TABLES = {
  customers: [
    { id: 1, name: 'Ada Byron', email: 'ada@example.com', tier: 'gold', country: 'GB' },
    { id: 2, name: 'Grace Hopper', email: 'grace@example.com', tier: 'silver', country: 'US' },
    { id: 3, name: 'Katherine Johnson', email: 'kj@example.com', tier: 'gold', country: 'US' },
    { id: 4, name: 'Edsger Dijkstra', email: 'ewd@example.com', tier: 'bronze', country: 'NL' },
  ],
  orders: [
    { id: 101, customer_id: 1, total: 120.5, currency: 'GBP', status: 'shipped', payment_id: 'pay_A1b2C3d4' },
    { id: 102, customer_id: 2, total: 35, currency: 'USD', status: 'refunded', payment_id: 'pay_E5f6G7h8' },
    {
      id: 103,
      customer_id: 3,
      total: 980,
      currency: 'USD',
      status: 'processing',
      payment_id: 'pay_I9j0K1l2',
    },
    {
      id: 104,
      customer_id: 1,
      total: 15.25,
      currency: 'GBP',
      status: 'delivered',
      payment_id: 'pay_M3n4O5p6',
    },
  ],
  tickets: [
    { id: 9001, customer_id: 2, subject: 'Where is my refund?', status: 'open' },
    { id: 9002, customer_id: 4, subject: 'Invoice copy', status: 'closed' },
  ],
};

export default function dbQuery(args) {
  const rows = TABLES[args.table];
  const where = Object.entries(args.where ?? {});
  const limit = args.limit ?? 100;
  const matched = rows.filter((r) => where.every(([k, v]) => r[k] === v));
  const picked = matched.slice(0, limit).map((r) => {
    if (!args.columns) return { ...r };
    const out = {};
    for (const c of args.columns) if (c in r) out[c] = r[c];
    return out;
  });
  return matched.length > limit ? { rows: picked, truncated: true } : { rows: picked };
}
