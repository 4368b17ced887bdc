import type { AuditSummary, StoredAuditEvent, VerifyReport } from '../../audit/index.js';
import type { DecisionValue } from '../../types.js';

export function Badge(props: { decision: DecisionValue }) {
  return <span class={`badge ${props.decision}`}>{props.decision}</span>;
}

export function ChainBanner(props: { report: VerifyReport | null }) {
  const r = props.report;
  if (r === null) {
    return (
      <div class="banner pending" id="chain-status" data-status="pending">
        Verifying the chain…
        <small>
          The first check of a large log takes a while; it continues in the background. Reload to see the
          result.
        </small>
      </div>
    );
  }
  if (r.ok) {
    const cp = r.lastCheckpoint;
    return (
      <div class="banner ok" id="chain-status" data-status="verified">
        Chain verified: {r.events.toLocaleString('en')} events (seq {r.firstSeq}–{r.lastSeq}), {r.checkpoints}{' '}
        signed checkpoint(s).
        <small>
          {cp
            ? `Last checkpoint at event ${cp.count}, ${cp.time}, key ${cp.keyId}.`
            : 'No signed checkpoint yet.'}
          {r.unanchored > 0
            ? ` ${r.unanchored} newer event(s) are chained but not yet covered by a signature.`
            : ''}
        </small>
      </div>
    );
  }
  const f = r.failure;
  return (
    <div class="banner bad" id="chain-status" data-status="broken">
      Chain broken at event {f?.seq ?? '?'}: {f?.problem ?? 'unknown'}.
      <small>
        {f?.detail ?? ''}. Treat every event from this position on as unverified; rows marked ⚠ are among
        them.
      </small>
    </div>
  );
}

export function Cards(props: { summary: AuditSummary }) {
  const s = props.summary;
  return (
    <section class="cards">
      <div class="card">
        <div class="l">decisions</div>
        <div class="n">{s.total.toLocaleString('en')}</div>
      </div>
      {(['allow', 'deny', 'review'] as const).map((d) => (
        <div class={`card ${d}`}>
          <div class="l">{d}</div>
          <div class="n">{s.byDecision[d].toLocaleString('en')}</div>
        </div>
      ))}
    </section>
  );
}

const COLORS = { allow: '#12805c', deny: '#c0362c', review: '#b26b00' } as const;

/** Stacked bars of decisions per time bucket; plain SVG attributes, so the CSP needs no inline styles. */
export function Timeline(props: { summary: AuditSummary }) {
  const series = props.summary.series;
  const w = 560;
  const h = 130;
  const pad = 18;
  const max = Math.max(1, ...series.map((b) => b.allow + b.deny + b.review));
  const bw = (w - pad) / Math.max(1, series.length);
  const first = series[0];
  const last = series[series.length - 1];
  return (
    <svg viewBox={`0 0 ${w} ${h + 16}`} width="100%" role="img" aria-label="decisions over time">
      {series.map((b, i) => {
        let y = h;
        return (['allow', 'review', 'deny'] as const).map((d) => {
          const bh = (b[d] / max) * (h - 4);
          y -= bh;
          return bh > 0 ? (
            <rect x={pad + i * bw + 1} y={y} width={Math.max(1, bw - 2)} height={bh} fill={COLORS[d]}>
              <title>{`${new Date(b.start).toISOString()} ${d}: ${b[d]}`}</title>
            </rect>
          ) : null;
        });
      })}
      <line x1={pad} y1={h} x2={w} y2={h} stroke="#d0d5dd" />
      {(['allow', 'review', 'deny'] as const).map((d, i) => (
        <g>
          <rect x={w - 170 + i * 58} y={2} width={9} height={9} rx={2} fill={COLORS[d]} />
          <text x={w - 157 + i * 58} y={10}>
            {d}
          </text>
        </g>
      ))}
      <text x={0} y={10}>
        {max}
      </text>
      {first && (
        <text x={pad} y={h + 13}>
          {shortTime(first.start)}
        </text>
      )}
      {last && (
        <text x={w} y={h + 13} text-anchor="end">
          {shortTime(last.start)}
        </text>
      )}
    </svg>
  );
}

export function TopList(props: { items: readonly { name: string; count: number }[]; label: string }) {
  const max = Math.max(1, ...props.items.map((i) => i.count));
  if (props.items.length === 0) return <p class="empty">no denials</p>;
  return (
    <svg viewBox={`0 0 300 ${props.items.length * 24}`} width="100%" role="img" aria-label={props.label}>
      {props.items.map((it, i) => (
        <g>
          <rect x={0} y={i * 24 + 14} width={(it.count / max) * 290} height={6} rx={3} fill="#c0362c" />
          <text x={0} y={i * 24 + 11}>
            {truncate(it.name, 38)}
          </text>
          <text x={300} y={i * 24 + 11} text-anchor="end">
            {it.count}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function EventRow(props: { e: StoredAuditEvent; unverified: boolean }) {
  const e = props.e;
  const rules = e.reasons.map((r) => r.rule).join(', ');
  return (
    <tr data-seq={String(e.seq)} class={props.unverified ? 'unverified' : ''}>
      <td class="mono">
        {props.unverified && <span title="at or after the first position that failed verification">⚠ </span>}
        {e.time.replace('T', ' ').slice(0, 19)}
      </td>
      <td>
        <Badge decision={e.decision} />
      </td>
      <td class="mono">{e.principal}</td>
      <td class="mono">{e.tool ?? '—'}</td>
      <td class="mono">{truncate(rules, 60)}</td>
      <td class="mono">{e.session ?? '—'}</td>
      <td class="mono">{e.latencyMs} ms</td>
      <td>
        <a href={`/ui/audit/events/${e.id}`} class="detail">
          details
        </a>
      </td>
    </tr>
  );
}

function shortTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
