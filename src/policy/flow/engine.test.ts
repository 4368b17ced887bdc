import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_POLICY, type FlowCall, FlowEngine, type FlowPolicy, sessionKey } from './engine.js';
import { MemoryFlowStore } from './memory.js';

const S = sessionKey('acme', 'agent:research', 's1');

function engine(over: Partial<FlowPolicy> = {}): FlowEngine {
  return new FlowEngine(new MemoryFlowStore(), { ...DEFAULT_FLOW_POLICY, ...over });
}
function call(tool: string, args: Record<string, unknown> = {}, extra: Partial<FlowCall> = {}): FlowCall {
  return {
    session: S,
    tool,
    sideEffects: [],
    argsDigest: JSON.stringify(args),
    args,
    now: 1_000_000,
    ...extra,
  };
}

describe('taint', () => {
  it('should deny an exfiltration tool after retrieval input and review an external one', async () => {
    const e = engine();
    expect((await e.evaluate(call('send_email', {}, { sideEffects: ['exfiltration'] }))).decision).toBe(
      'allow',
    );
    expect(await e.ingest(S, 'retrieval', 1_000_000)).toBe(true);
    const out = await e.evaluate(call('send_email', { to: 'x' }, { sideEffects: ['exfiltration'] }));
    expect(out.decision).toBe('deny');
    expect(out.reasons[0]).toMatchObject({ layer: 'flow', rule: 'tainted_session' });
    expect(out.state.tainted).toMatchObject({ source: 'input:retrieval' });
    expect((await e.evaluate(call('web_fetch', { u: 1 }, { sideEffects: ['external'] }))).decision).toBe(
      'review',
    );
    expect((await e.evaluate(call('file_read', { p: 1 }, { sideEffects: ['read'] }))).decision).toBe('allow');
  });

  it('should taint on tool outputs but not on user input, and keep sessions apart', async () => {
    const e = engine();
    expect(await e.ingest(S, 'user', 1)).toBe(false);
    await e.ingest(S, { output: 'web_fetch' }, 1_000_000);
    expect((await e.evaluate(call('send_email', {}, { sideEffects: ['exfiltration'] }))).decision).toBe(
      'deny',
    );
    const other = sessionKey('acme', 'agent:support', 's1');
    expect(
      (await e.evaluate(call('send_email', {}, { session: other, sideEffects: ['exfiltration'] }))).decision,
    ).toBe('allow');
  });

  it('should let an approved call through a review but never through a deny', async () => {
    const e = engine();
    await e.ingest(S, 'tool', 1_000_000);
    expect(
      (await e.evaluate(call('web_fetch', {}, { sideEffects: ['external'], approved: true }))).decision,
    ).toBe('allow');
    expect(
      (await e.evaluate(call('send_email', {}, { sideEffects: ['exfiltration'], approved: true }))).decision,
    ).toBe('deny');
  });

  it('should expire taint after its ttl', async () => {
    const e = engine();
    await e.ingest(S, 'retrieval', 0);
    expect(
      (await e.evaluate(call('send_email', {}, { sideEffects: ['exfiltration'], now: 3_600_001 }))).decision,
    ).toBe('allow');
  });
});

describe('loops', () => {
  it('should deny the same tool with the same arguments the third time in a window', async () => {
    const e = engine();
    const d = [];
    for (let i = 0; i < 3; i++)
      d.push((await e.evaluate(call('web_fetch', { url: 'a' }, { now: 1_000_000 + i }))).decision);
    expect(d).toEqual(['allow', 'allow', 'deny']);
    const last = await e.evaluate(call('web_fetch', { url: 'a' }, { now: 1_000_010 }));
    expect(last.reasons[0]!.rule).toBe('loop_detected');
    expect((await e.evaluate(call('web_fetch', { url: 'b' }, { now: 1_000_011 }))).decision).toBe('allow');
  });

  it('should deny an A→B→A→B ping-pong', async () => {
    const e = engine();
    const seq = ['a', 'b', 'a', 'b'].map((t, i) => call(t, {}, { now: 1_000_000 + i }));
    const d = [];
    for (const c of seq) d.push((await e.evaluate(c)).decision);
    expect(d).toEqual(['allow', 'allow', 'allow', 'deny']);
  });

  it('should forget calls older than the window', async () => {
    const e = engine();
    for (let i = 0; i < 2; i++) await e.evaluate(call('t', {}, { now: i }));
    expect((await e.evaluate(call('t', {}, { now: 120_000 }))).decision).toBe('allow');
  });
});

describe('budgets', () => {
  const budgets: FlowPolicy['budgets'] = [
    { id: 'fetch-rate', tools: ['web_*'], scope: 'tool', limit: 2, windowSeconds: 60 },
    {
      id: 'refund-cap',
      tools: ['payment_refund'],
      scope: 'session',
      limit: 100,
      windowSeconds: 86_400,
      cost: { arg: 'amount' },
    },
  ];
  const noLoops = { sameCall: { count: 0, windowSeconds: 60 }, pingPong: false };

  it('should deny calls beyond the per-tool window limit', async () => {
    const e = engine({ budgets, loops: noLoops });
    const d = [];
    for (let i = 0; i < 3; i++) d.push((await e.evaluate(call('web_fetch', { i }))).decision);
    expect(d).toEqual(['allow', 'allow', 'deny']);
    expect((await e.evaluate(call('web_search'))).decision).toBe('allow');
  });

  it('should sum a cost argument and refuse hostile amounts', async () => {
    const e = engine({ budgets, loops: noLoops });
    expect((await e.evaluate(call('payment_refund', { amount: 60 }))).decision).toBe('allow');
    const over = await e.evaluate(call('payment_refund', { amount: 50 }));
    expect(over.decision).toBe('deny');
    expect(over.state.budgets[0]).toMatchObject({ id: 'refund-cap', used: 60, exceeded: true });
    for (const amount of [-5, 'NaN', '10', Number.POSITIVE_INFINITY, [1], 2 ** 60]) {
      expect((await e.evaluate(call('payment_refund', { amount }))).decision).toBe('deny');
    }
    expect((await e.evaluate(call('payment_refund', { amount: 40 }))).decision).toBe('allow');
  });

  it('should not consume budget for a call that another flow rule refuses', async () => {
    const e = engine({ budgets, loops: noLoops });
    await e.ingest(S, 'retrieval', 1_000_000);
    let last = null;
    for (let i = 0; i < 5; i++)
      last = await e.evaluate(call('web_fetch', { i }, { sideEffects: ['exfiltration'] }));
    expect(last!.decision).toBe('deny');
    expect(last!.state.budgets[0]).toMatchObject({ id: 'fetch-rate', used: 0, exceeded: false });
  });
});
