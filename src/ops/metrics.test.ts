import { describe, expect, it } from 'vitest';
import { EventBus } from '../events.js';
import { OpsMetrics } from './metrics.js';

function deny(tool: string, tenant = 't1') {
  return {
    kind: 'tool-call' as const,
    decision: 'deny' as const,
    tenant,
    tool,
    reasons: [{ layer: 'policy' as const, rule: 'no-shell', message: 'x' }],
    latencyMs: 0.4,
    timings: { policy: 0.2, schema: 0.1 },
  };
}

describe('OpsMetrics', () => {
  it('should count decisions by decision, layer, rule, tool and tenant and time each layer', async () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    const bus = new EventBus();
    m.attach(bus);
    bus.emit('decision', deny('shell.exec'));
    bus.emit('decision', deny('shell.exec'));
    const { body } = await m.render();
    expect(body).toContain(
      'agentwall_decisions_total{kind="tool-call",decision="deny",layer="policy",rule="no-shell",tool="shell.exec",tenant="t1"} 2',
    );
    expect(body).toContain('agentwall_layer_duration_seconds_count{layer="policy"} 2');
    expect(body).toContain('agentwall_decision_duration_seconds_count{kind="tool-call"} 2');
  });

  it('should fold label values beyond the cap into "other"', async () => {
    const m = new OpsMetrics({ defaultMetrics: false, maxLabelValues: 3 });
    for (let i = 0; i < 50; i++) m.observeDecision(deny(`tool-${i}`));
    const { body } = await m.render();
    const toolValues = new Set(
      [...body.matchAll(/agentwall_decisions_total\{[^}]*tool="([^"]+)"/g)].map((x) => x[1]),
    );
    expect(toolValues).toEqual(new Set(['tool-0', 'tool-1', 'tool-2', 'other']));
    expect(body).toContain('agentwall_metric_labels_folded_total{label="tool"} 47');
  });

  it('should strip control and bidi characters and cap label length', () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    expect(m.label('tool', 'evil\n\u202e\u0000name')).toBe('evilname');
    expect(m.label('tool', 'x'.repeat(500))).toHaveLength(64);
    expect(m.label('tool', '')).toBe('none');
    expect(m.label('tool', null)).toBe('none');
  });

  it('should record sandbox, detector, audit and breaker events', async () => {
    const m = new OpsMetrics({ defaultMetrics: false });
    const bus = new EventBus();
    m.attach(bus);
    bus.emit('sandbox.run', {
      tool: 'http.get',
      tenant: 't',
      ok: false,
      wallMs: 12,
      retries: 2,
      fallback: true,
      rollback: true,
      errorClass: 'timeout',
    });
    bus.emit('sandbox.breaker', { tool: 'http.get', state: 'open' });
    bus.emit('detector.score', { detector: 'model', source: 'user', score: 1.7, tenant: 't' });
    bus.emit('audit.append', { ms: 0.3, backlog: 4 });
    bus.emit('audit.status', { available: false, detail: 'disk full' });
    const { body } = await m.render();
    expect(body).toContain('agentwall_sandbox_failures_total{tool="http.get",error_class="timeout"} 1');
    expect(body).toContain('agentwall_sandbox_retries_total{tool="http.get"} 2');
    expect(body).toContain('agentwall_sandbox_fallbacks_total{tool="http.get"} 1');
    expect(body).toContain('agentwall_sandbox_rollbacks_total{tool="http.get"} 1');
    expect(body).toContain('agentwall_sandbox_breaker_state{tool="http.get"} 2');
    // Out-of-range scores are clamped, not dropped: the detector still said "very sure".
    expect(body).toContain('agentwall_detector_score_bucket{le="1",detector="model",source="user"} 1');
    expect(body).toContain('agentwall_audit_backlog 4');
    expect(body).toContain('agentwall_audit_available 0');
  });

  it('should include process memory and event-loop lag when default metrics are on', async () => {
    const m = new OpsMetrics();
    const { body, contentType } = await m.render();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('process_resident_memory_bytes');
    expect(body).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(body).toContain('nodejs_heap_size_used_bytes');
  });
});
