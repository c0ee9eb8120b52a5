import { MAX_NOTE, PART_WORDS } from '../routing/callback-request.service.ts';

/**
 * Room for the contact's own note when the widget folds a preferred time the server does not take
 * (anything but a part-of-day word) into the note: a label and up to 40 characters go first.
 */
export const CALLBACK_NOTE_MAX = MAX_NOTE - 64;

/** How often the waiting line is read again while the conversation is queued. */
export const QUEUE_REFRESH_MS = 30_000;

/**
 * The widget's waiting line, part of /chat/widget.js (docs/channels.md, "The demo page"). While
 * the conversation is `queued` it shows the place in line and the expected wait from
 * `GET …/conversations/{id}/queue-position`, read again on every status change, on the
 * assistant's queue notices and every 30 s, and hidden once the conversation is assigned or
 * closed. Out of business hours (`open: false`) it offers "Request a callback": a small form
 * posted to `POST …/conversations/{id}/callback-request`. The preferred time is free text; the
 * server takes only a part of the day (上午, afternoon…) or an instant, so any other text is put
 * at the head of the note, where the agent reads it, instead of being refused.
 */
export const WIDGET_QUEUE_SCRIPT = `(() => {
  'use strict';
  const main = document.querySelector('main');
  const slug = main.dataset.tenant;
  const langSelect = document.getElementById('lang');
  const box = document.getElementById('queue');
  const line = document.getElementById('queue-line');
  const openButton = document.getElementById('callback-open');
  const form = document.getElementById('callback-form');
  const time = document.getElementById('callback-time');
  const note = document.getElementById('callback-note');
  const sendButton = document.getElementById('callback-send');
  const cancelButton = document.getElementById('callback-cancel');
  const problem = document.getElementById('callback-error');
  const done = document.getElementById('callback-done');
  const PART_WORDS = ${JSON.stringify(PART_WORDS)};
  const TEXTS = {
    'zh-CN': {
      place: (n) => '排队中：你是第 ' + n + ' 位',
      queued: '排队中',
      wait: (s) => s === 0 ? '，客服马上为你接入。' : '，预计等待约 ' + Math.max(1, Math.ceil(s / 60)) + ' 分钟。',
      noWait: '，请稍候。',
      closed: (at) => '现在是非服务时间' + (at ? '，将于 ' + at + ' 恢复服务' : '') + '，你的排队位置会保留。',
      request: '请求回电',
      time: '方便回电的时间（如 上午、下午、晚上，可选）',
      timeInNote: '希望回电时间',
      note: '说明（可选）',
      send: '提交',
      cancel: '取消',
      done: '已收到你的回电请求，我们上班后会尽快联系你。',
      retry: '提交失败，请稍后重试。',
      invalid: '提交失败，请检查填写的内容。',
    },
    en: {
      place: (n) => 'In the queue: you are number ' + n,
      queued: 'In the queue',
      wait: (s) => s === 0 ? '; an agent will be with you shortly.' : '; expected wait about ' + Math.max(1, Math.ceil(s / 60)) + ' min.',
      noWait: '; please wait.',
      closed: (at) => 'We are closed right now' + (at ? ' and open again ' + at : '') + '. Your place in the queue is kept.',
      request: 'Request a callback',
      time: 'Preferred time (e.g. morning, afternoon, evening; optional)',
      timeInNote: 'Preferred time',
      note: 'Note (optional)',
      send: 'Send',
      cancel: 'Cancel',
      done: 'Your callback request is received; we will call you back once we are open.',
      retry: 'Could not send your request; please try again.',
      invalid: 'Could not send your request; please check what you entered.',
    },
  };
  const lang = () => (langSelect.value === 'en' ? 'en' : 'zh-CN');
  const texts = () => TEXTS[lang()];
  let visit;
  let status;
  let timer;
  let generation = 0;

  function label() {
    const t = texts();
    openButton.textContent = t.request;
    document.getElementById('callback-time-label').textContent = t.time;
    document.getElementById('callback-note-label').textContent = t.note;
    sendButton.textContent = t.send;
    cancelButton.textContent = t.cancel;
    const list = document.getElementById('callback-times');
    list.replaceChildren();
    for (const word of PART_WORDS.filter((w) => /^[a-z]/.test(w) === (lang() === 'en'))) {
      const option = document.createElement('option');
      option.value = word;
      list.appendChild(option);
    }
  }

  const api = (method, path, body) =>
    fetch('/api/v1/tenants/' + encodeURIComponent(slug) + '/conversations/' + encodeURIComponent(visit.conversationId) + '/' + path, {
      method,
      headers: { authorization: 'Bearer ' + visit.token, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  function setText(element, text) {
    // Rewriting the same words would make screen readers announce them again every 30 s.
    if (element.textContent !== text) element.textContent = text;
  }

  function showForm(show) {
    form.hidden = !show;
    openButton.setAttribute('aria-expanded', String(show));
    problem.textContent = '';
  }

  function render(place) {
    const t = texts();
    box.hidden = false;
    const where = place.position === null ? t.queued : t.place(place.position);
    if (place.open) {
      setText(line, where + (place.expectedWaitSeconds === null ? t.noWait : t.wait(place.expectedWaitSeconds)));
    } else {
      const at = place.nextOpeningAt
        ? new Date(place.nextOpeningAt).toLocaleString(lang(), { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })
        : '';
      setText(line, t.closed(at));
    }
    const offer = !place.open && !place.callbackRequested;
    openButton.hidden = !offer;
    if (!offer) showForm(false);
    done.hidden = !place.callbackRequested;
    setText(done, t.done);
  }

  function hide() {
    generation++;
    box.hidden = true;
    showForm(false);
  }

  async function refresh() {
    if (!visit || status !== 'queued') return hide();
    const mine = ++generation;
    let place;
    try {
      const response = await api('GET', 'queue-position');
      if (!response.ok) return;
      place = await response.json();
    } catch {
      return;
    }
    // An older answer, or one that arrived after the conversation left the queue, shows nothing.
    if (mine !== generation || status !== 'queued') return;
    if (place.status !== 'queued') return hide();
    render(place);
  }

  function follow() {
    clearInterval(timer);
    timer = undefined;
    if (status !== 'queued') return hide();
    timer = setInterval(refresh, ${QUEUE_REFRESH_MS});
    refresh();
  }

  main.addEventListener('custos:status', (event) => {
    visit = event.detail.visit;
    status = event.detail.status;
    follow();
  });
  main.addEventListener('custos:message', (event) => {
    const kind = event.detail.message.kind;
    if (kind === 'queue-position' || kind === 'out-of-hours') refresh();
  });

  openButton.addEventListener('click', () => {
    showForm(form.hidden);
    if (!form.hidden) time.focus();
  });
  cancelButton.addEventListener('click', () => {
    showForm(false);
    openButton.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const t = texts();
    const when = time.value.trim();
    const body = {};
    let text = note.value.trim();
    if (PART_WORDS.includes(when.toLowerCase())) body.preferredTime = when;
    else if (when) text = t.timeInNote + ': ' + when + (text ? '\\n' + text : '');
    if (text) body.note = text;
    sendButton.disabled = true;
    problem.textContent = '';
    try {
      const response = await api('POST', 'callback-request', body);
      // 409: a request is open already (another tab); the contact is told the same.
      if (response.status === 201 || response.status === 409) {
        time.value = '';
        note.value = '';
        showForm(false);
        openButton.hidden = true;
        setText(done, t.done);
        done.hidden = false;
        refresh();
      } else {
        problem.textContent = response.status === 400 ? t.invalid : t.retry;
      }
    } catch {
      problem.textContent = t.retry;
    }
    sendButton.disabled = false;
  });

  label();
})();
`;
