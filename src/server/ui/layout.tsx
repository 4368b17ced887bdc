import type { Child } from 'hono/jsx';

/** All styling is this one stylesheet, allowed by a per-response CSP nonce: no external assets. */
const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1c2330;--mute:#667085;--line:#e4e7ec;--allow:#12805c;--deny:#c0362c;--review:#b26b00;--accent:#2f5bd3}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{display:flex;align-items:center;gap:16px;padding:12px 24px;background:#101828;color:#fff}
header h1{font-size:16px;margin:0;font-weight:600}header .who{margin-left:auto;color:#d0d5dd;font-size:13px}
header form{margin:0}header a.home{color:#fff;text-decoration:none}header button{background:none;border:1px solid #475467;color:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
main{max-width:1280px;margin:0 auto;padding:20px 24px 48px}
.banner{border-radius:8px;padding:10px 14px;margin-bottom:16px;font-weight:500;border:1px solid}
.banner.ok{background:#ecfdf3;border-color:#abefc6;color:#085d3a}.banner.bad{background:#fef3f2;border-color:#fecdca;color:#912018}
.banner.pending{background:#eff4ff;border-color:#c7d7fe;color:#1d3a8a}.banner small{display:block;font-weight:400;color:inherit;opacity:.85}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .n{font-size:22px;font-weight:650}.card .l{color:var(--mute);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.allow .n{color:var(--allow)}.card.deny .n{color:var(--deny)}.card.review .n{color:var(--review)}
.charts{display:grid;grid-template-columns:2fr 1fr 1fr;gap:12px;margin-bottom:16px}
.charts h2,.panel h2{font-size:13px;margin:0 0 8px;color:var(--mute);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
svg text{font:11px system-ui,sans-serif;fill:#475467}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin-bottom:12px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--mute);gap:3px}
.filters input,.filters select{font:inherit;padding:5px 8px;border:1px solid #d0d5dd;border-radius:6px;min-width:120px;background:#fff}
.filters button,.btn{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:6px 14px;cursor:pointer;text-decoration:none}
.filters a{color:var(--mute);padding:6px 4px}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f9fafb;font-size:12px;color:var(--mute);font-weight:600}
tr:hover td{background:#f9fafb}tr.unverified td{background:#fffaeb}td.mono,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff}
.badge.allow{background:var(--allow)}.badge.deny{background:var(--deny)}.badge.review{background:var(--review)}
a{color:var(--accent)}nav.pager{display:flex;justify-content:flex-end;padding:10px 0}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px;margin-bottom:14px}
dl{display:grid;grid-template-columns:160px 1fr;gap:6px 14px;margin:0}dt{color:var(--mute)}dd{margin:0;word-break:break-all}
pre{background:#0f172a;color:#e2e8f0;border-radius:6px;padding:12px;overflow:auto;font-size:12.5px;margin:0}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}.empty{padding:24px;text-align:center;color:var(--mute)}
.login{max-width:380px;margin:80px auto;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:24px}
.login h1{font-size:18px;margin:0 0 6px}.login p{color:var(--mute);margin:0 0 16px}
.login input{width:100%;font:inherit;padding:8px 10px;border:1px solid #d0d5dd;border-radius:6px;margin:4px 0 14px}
.error{background:#fef3f2;color:#912018;border:1px solid #fecdca;border-radius:6px;padding:8px 10px;margin-bottom:12px}
`;

export function Layout(props: {
  title: string;
  nonce: string;
  children: Child;
  who?: string;
  csrf?: string;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · agentwall</title>
        {/* A constant stylesheet: raw because <style> content is not entity-decoded. */}
        <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        {props.who !== undefined && (
          <header>
            <h1>
              <a href="/ui/audit" class="home">
                agentwall
              </a>{' '}
              · audit review
            </h1>
            <span class="who">{props.who}</span>
            <form method="post" action="/ui/audit/logout">
              <input type="hidden" name="csrf" value={props.csrf ?? ''} />
              <button type="submit">Sign out</button>
            </form>
          </header>
        )}
        {props.children}
      </body>
    </html>
  );
}
