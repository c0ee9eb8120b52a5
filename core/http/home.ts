/** The landing page: what this server is and where to go next. Static, no script. */
export function renderHome(version: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Custos</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b57d0}small{color:#57606a}</style></head><body>
<h1>Custos <small>${version}</small></h1>
<p>Compliance-first online customer service for hospitals and schools · 面向医院与学校的合规在线客服系统</p>
<ul>
<li><a href="/docs">API reference</a> · <a href="/openapi.json">OpenAPI document</a></li>
<li><a href="/healthz">Liveness</a> · <a href="/readyz">Readiness</a></li>
</ul>
</body></html>`;
}
