import type { AuditFilter, AuditSummary, StoredAuditEvent, VerifyReport } from '../../audit/index.js';
import { Badge, Cards, ChainBanner, EventRow, Timeline, TopList } from './components.js';
import { Layout } from './layout.js';

export interface Frame {
  readonly nonce: string;
  readonly who: string;
  readonly csrf: string;
}

export interface ListProps {
  readonly report: VerifyReport | null;
  readonly summary: AuditSummary;
  readonly events: readonly StoredAuditEvent[];
  readonly form: Readonly<Record<string, string>>;
  readonly nextHref: string | null;
  readonly error: string | null;
  readonly filter: AuditFilter;
}

function Field(props: {
  name: string;
  label: string;
  value: string | undefined;
  type?: string;
  placeholder?: string;
}) {
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        name={props.name}
        value={props.value ?? ''}
        placeholder={props.placeholder ?? ''}
        maxlength={200}
      />
    </label>
  );
}

export function ListPage(props: ListProps & { frame: Frame }) {
  const f = props.form;
  return (
    <Layout title="Audit" nonce={props.frame.nonce} who={props.frame.who} csrf={props.frame.csrf}>
      <main>
        <ChainBanner report={props.report} />
        <Cards summary={props.summary} />
        <section class="charts">
          <div class="panel">
            <h2>Decisions over time</h2>
            <Timeline summary={props.summary} />
          </div>
          <div class="panel">
            <h2>Most-denied tools</h2>
            <TopList items={props.summary.topDeniedTools} label="most-denied tools" />
          </div>
          <div class="panel">
            <h2>Most-denied agents</h2>
            <TopList items={props.summary.topDeniedPrincipals} label="most-denied agents" />
          </div>
        </section>
        <form class="filters" method="get" action="/ui/audit">
          <label>
            Decision
            <select name="decision">
              {['', 'allow', 'deny', 'review'].map((d) => (
                <option value={d} selected={f.decision === d}>
                  {d === '' ? 'any' : d}
                </option>
              ))}
            </select>
          </label>
          <Field name="principal" label="Agent" value={f.principal} placeholder="agent:support-bot" />
          <Field name="tool" label="Tool" value={f.tool} />
          <Field name="rule" label="Rule" value={f.rule} />
          <Field name="session" label="Session" value={f.session} />
          <Field name="q" label="Text in reasons" value={f.q} />
          <Field name="from" label="From (UTC)" value={f.from} type="datetime-local" />
          <Field name="to" label="To (UTC)" value={f.to} type="datetime-local" />
          <button type="submit">Filter</button>
          <a href="/ui/audit">Reset</a>
        </form>
        {props.error !== null && <div class="error">{props.error}</div>}
        <table id="events">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Decision</th>
              <th>Agent</th>
              <th>Tool</th>
              <th>Rules</th>
              <th>Session</th>
              <th>Latency</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.events.length === 0 ? (
              <tr>
                <td colspan={8} class="empty">
                  No decisions match.
                </td>
              </tr>
            ) : (
              props.events.map((e) => (
                <EventRow e={e} unverified={!!props.report?.failure && e.seq >= props.report.failure.seq} />
              ))
            )}
          </tbody>
        </table>
        <nav class="pager">
          {props.nextHref !== null && (
            <a class="btn" href={props.nextHref}>
              Older →
            </a>
          )}
        </nav>
      </main>
    </Layout>
  );
}

function Json(props: { value: unknown }) {
  return <pre>{JSON.stringify(props.value, null, 2)}</pre>;
}

export function DetailPage(props: { e: StoredAuditEvent; report: VerifyReport | null; frame: Frame }) {
  const e = props.e;
  return (
    <Layout title={`Event ${e.seq}`} nonce={props.frame.nonce} who={props.frame.who} csrf={props.frame.csrf}>
      <main>
        <ChainBanner report={props.report} />
        <p>
          <a href="/ui/audit">← all decisions</a>
        </p>
        <div class="panel" id="detail">
          <h2>
            Event {e.seq} <Badge decision={e.decision} />
          </h2>
          <dl>
            <dt>id</dt>
            <dd class="mono">{e.id}</dd>
            <dt>time</dt>
            <dd class="mono">{e.time}</dd>
            <dt>kind</dt>
            <dd>{e.kind}</dd>
            <dt>agent</dt>
            <dd class="mono">{e.principal}</dd>
            <dt>tenant</dt>
            <dd class="mono">{e.tenant}</dd>
            <dt>session</dt>
            <dd class="mono">{e.session ?? '—'}</dd>
            <dt>tool</dt>
            <dd class="mono">{e.tool ?? '—'}</dd>
            <dt>request id</dt>
            <dd class="mono">{e.requestId}</dd>
            <dt>policy version</dt>
            <dd class="mono">{e.policyVersion}</dd>
            <dt>latency</dt>
            <dd>{e.latencyMs} ms</dd>
            <dt>arguments digest</dt>
            <dd class="mono">{e.argsDigest ?? '—'}</dd>
            <dt>previous hash</dt>
            <dd class="mono">{e.prevHash}</dd>
            <dt>hash</dt>
            <dd class="mono">{e.hash}</dd>
          </dl>
        </div>
        <div class="panel">
          <h2>Reasons</h2>
          <table id="reasons">
            <thead>
              <tr>
                <th>Layer</th>
                <th>Rule</th>
                <th>Message</th>
                <th>Score</th>
              </tr>
            </thead>
            <tbody>
              {e.reasons.map((r) => (
                <tr>
                  <td>{r.layer}</td>
                  <td class="mono">{r.rule}</td>
                  <td>{r.message}</td>
                  <td>{r.score ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="grid2">
          <div class="panel">
            <h2>Redacted arguments</h2>
            <Json value={e.args} />
          </div>
          <div class="panel">
            <h2>Explanation</h2>
            <Json value={e.explanation} />
          </div>
          <div class="panel">
            <h2>Layer timings (ms)</h2>
            <Json value={e.timings} />
          </div>
          <div class="panel">
            <h2>Sandbox usage</h2>
            {e.usage ? <Json value={e.usage} /> : <p class="empty">not executed in the sandbox</p>}
          </div>
        </div>
      </main>
    </Layout>
  );
}

export function LoginPage(props: { nonce: string; error: string | null }) {
  return (
    <Layout title="Sign in" nonce={props.nonce}>
      <form class="login" method="post" action="/ui/audit/login">
        <h1>agentwall audit review</h1>
        <p>
          Sign in with an auditor API key. It is exchanged for a short-lived session cookie and never stored.
        </p>
        {props.error !== null && <div class="error">{props.error}</div>}
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required maxlength={512} />
        <button class="btn" type="submit">
          Sign in
        </button>
      </form>
    </Layout>
  );
}
