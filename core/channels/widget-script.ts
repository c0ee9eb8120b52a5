import { WIDGET_QUEUE_SCRIPT } from './widget-queue-script.ts';
import { WIDGET_RATING_SCRIPT } from './widget-rating-script.ts';

/**
 * The demo widget's script (served at /chat/widget.js). Plain ES2020 for any current browser,
 * no build step. Protocol: docs/channels.md. The chat itself comes first; the rating control and
 * the waiting line follow as their own blocks, told what happens through DOM events on `main`:
 * `custos:message` ({message, element, visit}) for every message shown, and `custos:status`
 * ({status, visit}) for the conversation's status on every (re)subscription and change. They are
 * registered before any socket frame can arrive (frames come in later tasks).
 */
const CHAT_SCRIPT = `(() => {
  'use strict';
  const main = document.querySelector('main');
  const slug = main.dataset.tenant;
  const log = document.getElementById('log');
  const state = document.getElementById('state');
  const typing = document.getElementById('typing');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const langSelect = document.getElementById('lang');
  const storeKey = 'custos-visit:' + slug;
  const seen = new Set();
  let visit = JSON.parse(sessionStorage.getItem(storeKey) || 'null');
  // A new page shows the whole conversation; a reconnect of the same page resumes after lastSeq.
  let lastSeq = 0;
  let socket;
  let retry = 0;
  const pending = new Map();

  // A language chosen in this tab outlives the reload that starts the new visit in it.
  const langKey = 'custos-lang:' + slug;
  langSelect.value = (visit && visit.locale) || sessionStorage.getItem(langKey) || main.dataset.locale;
  langSelect.addEventListener('change', () => {
    sessionStorage.removeItem(storeKey);
    sessionStorage.setItem(langKey, langSelect.value);
    location.reload();
  });

  function save() { if (visit) sessionStorage.setItem(storeKey, JSON.stringify(visit)); }

  function tell(name, detail) { main.dispatchEvent(new CustomEvent(name, { detail: { ...detail, visit } })); }

  function show(message) {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    const div = document.createElement('div');
    div.className = 'm ' + message.authorKind;
    div.textContent = message.text;
    if (message.citation) {
      const cite = document.createElement('div');
      cite.className = 'cite';
      cite.textContent = '📄 ' + message.citation.title;
      div.appendChild(cite);
    }
    if (message.suggestions && message.suggestions.length) {
      const sugg = document.createElement('div');
      sugg.className = 'sugg';
      for (const s of message.suggestions) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = s;
        b.addEventListener('click', () => send(s));
        sugg.appendChild(b);
      }
      div.appendChild(sugg);
    }
    log.appendChild(div);
    tell('custos:message', { message, element: div });
    log.scrollTop = log.scrollHeight;
  }

  async function start() {
    const response = await fetch('/api/v1/tenants/' + encodeURIComponent(slug) + '/chat/visits', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: langSelect.value }),
    });
    if (!response.ok) throw new Error('could not start: ' + response.status);
    visit = await response.json();
    lastSeq = 0;
    save();
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(scheme + '//' + location.host + visit.socketPath);
    state.textContent = '…';
    socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', token: visit.token, after: lastSeq }));
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'welcome') { retry = 0; state.textContent = '● online'; for (const f of pending.values()) socket.send(JSON.stringify(f)); }
      else if (frame.type === 'message') { if (frame.message.seq > lastSeq) lastSeq = frame.message.seq; show(frame.message); typing.hidden = true; }
      else if (frame.type === 'subscribed' || frame.type === 'status') tell('custos:status', { status: frame.status });
      else if (frame.type === 'ack') pending.delete(frame.clientMessageId);
      else if (frame.type === 'typing') typing.hidden = !frame.on;
      else if (frame.type === 'error') { state.textContent = frame.detail; if (frame.ref && frame.ref.clientMessageId && frame.code !== 'rate_limited') pending.delete(frame.ref.clientMessageId); }
    };
    socket.onclose = (event) => {
      state.textContent = '○ offline';
      if (event.code === 4401) { sessionStorage.removeItem(storeKey); visit = null; }
      retry = Math.min(retry + 1, 6);
      setTimeout(run, 250 * 2 ** retry);
    };
  }

  function send(text) {
    const frame = { type: 'send', clientMessageId: 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8), text };
    pending.set(frame.clientMessageId, frame);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  let typingTimer;
  input.addEventListener('input', () => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (!typingTimer) socket.send(JSON.stringify({ type: 'typing', on: true }));
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingTimer = undefined; socket.send(JSON.stringify({ type: 'typing', on: false })); }, 1500);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });

  async function run() {
    try {
      if (!visit) await start();
      connect();
    } catch (error) {
      state.textContent = String(error.message || error);
      setTimeout(run, 3000);
    }
  }
  run();
})();
`;

export const WIDGET_SCRIPT = [CHAT_SCRIPT, WIDGET_RATING_SCRIPT, WIDGET_QUEUE_SCRIPT].join('\n');
