import { CALLBACK_NOTE_MAX } from './widget-queue-script.ts';

/**
 * The demo chat page (`/chat/{slug}`): a minimal widget in plain browser JavaScript, served from
 * the same origin so the page's policy allows no script or connection from anywhere else. It
 * starts a visit, talks over the socket, resumes after a reconnect with the last sequence number
 * it saw, and keeps its credential in sessionStorage only (closing the tab ends the visit). While
 * the conversation waits in a queue it shows the place in line (and, out of hours, a callback
 * form); after close, the rating control. The policy stays as strict: every handler is attached
 * by the script, none inline.
 */
export const CHAT_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderChatPage(tenant: { slug: string; name: string; locale: string }): string {
  const lang = tenant.locale.startsWith('zh') ? 'zh-CN' : 'en';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(tenant.name)} · Custos</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f3f5f7;color:#1b1f24}
main{max-width:40rem;margin:0 auto;height:100vh;display:flex;flex-direction:column;background:#fff}
header{padding:.8rem 1rem;border-bottom:1px solid #d8dee4;display:flex;justify-content:space-between;align-items:center}
#log{flex:1;overflow-y:auto;padding:1rem}
.m{margin:.4rem 0;max-width:80%;padding:.5rem .75rem;border-radius:.8rem;white-space:pre-wrap}
.contact{background:#0b57d0;color:#fff;margin-left:auto}
.bot,.staff,.system{background:#eef1f4}
.cite{font-size:.8rem;color:#57606a;margin-top:.25rem}
.sugg button{margin:.2rem .2rem 0 0;border:1px solid #0b57d0;background:#fff;color:#0b57d0;border-radius:1rem;padding:.15rem .6rem;cursor:pointer}
form{display:flex;gap:.5rem;padding:.75rem;border-top:1px solid #d8dee4}
input{flex:1;padding:.5rem;font:inherit}
#state{font-size:.8rem;color:#57606a}
.csat{border:1px solid #d8dee4;border-radius:.8rem;margin:.4rem 0;padding:.5rem .75rem;max-width:80%;display:block}
.csat legend{font-size:.85rem;color:#57606a;padding:0 .25rem}
.csat label{display:inline-block;margin:0 .3rem .4rem 0}
.csat input[type=radio]{position:absolute;opacity:0;width:1px;height:1px}
.csat label span{display:inline-block;min-width:2.2rem;text-align:center;border:1px solid #0b57d0;border-radius:1rem;padding:.15rem .5rem;color:#0b57d0;cursor:pointer}
.csat input:checked+span{background:#0b57d0;color:#fff}
.csat input:focus-visible+span{outline:2px solid #1b1f24;outline-offset:2px}
.csat textarea,#callback-form textarea,#callback-form input{display:block;width:100%;box-sizing:border-box;margin:.3rem 0;font:inherit;padding:.4rem}
.note{font-size:.85rem;color:#57606a;margin:.3rem 0}
#queue{padding:.5rem 1rem;border-top:1px solid #d8dee4;font-size:.85rem;color:#57606a}
#queue button{margin:.3rem .3rem 0 0}
.csat-form,#callback-form{display:block;padding:0;border:0}
[hidden]{display:none!important}
</style></head><body>
<main data-tenant="${escapeHtml(tenant.slug)}" data-locale="${lang}">
<header><strong>${escapeHtml(tenant.name)}</strong><span><select id="lang" aria-label="language"><option value="zh-CN">中文</option><option value="en">English</option></select> <span id="state">…</span></span></header>
<div id="log" role="log" aria-live="polite"></div>
<div id="typing" class="cite" hidden>…</div>
<section id="queue" hidden><div id="queue-line" role="status" aria-live="polite"></div>
<button type="button" id="callback-open" aria-expanded="false" aria-controls="callback-form" hidden></button>
<form id="callback-form" hidden><label><span id="callback-time-label"></span><input id="callback-time" list="callback-times" maxlength="40" autocomplete="off"></label><datalist id="callback-times"></datalist>
<label><span id="callback-note-label"></span><textarea id="callback-note" rows="2" maxlength="${CALLBACK_NOTE_MAX}"></textarea></label>
<button id="callback-send"></button> <button type="button" id="callback-cancel"></button><div id="callback-error" class="note" role="alert"></div></form>
<div id="callback-done" class="note" role="status" hidden></div></section>
<form id="form"><input id="text" autocomplete="off" maxlength="4096" placeholder="请输入 / Type a message" aria-label="message"><button>发送 Send</button></form>
</main>
<script src="/chat/widget.js"></script>
</body></html>`;
}
