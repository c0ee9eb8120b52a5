import { MAX_CSAT_COMMENT } from '../conversations/csat.service.ts';

/**
 * The widget's rating control, part of /chat/widget.js (docs/channels.md, "The demo page"). When
 * the bot's message of kind `csat` arrives (the request written at close), five choices 1–5 — a
 * native radio group, so arrow keys and screen readers work without ARIA scaffolding — and an
 * optional comment, sent once to `POST …/conversations/{id}/csat` with the widget credential.
 * 201 and 409 (rated already, e.g. in another tab) both end in the thank-you line; the tab
 * remembers the rating in sessionStorage so a reload shows the line, not the control again.
 */
export const WIDGET_RATING_SCRIPT = `(() => {
  'use strict';
  const main = document.querySelector('main');
  const slug = main.dataset.tenant;
  const langSelect = document.getElementById('lang');
  const TEXTS = {
    'zh-CN': {
      legend: '请为本次服务打分（1 很不满意，5 非常满意）',
      scores: ['', '1 分，很不满意', '2 分，不满意', '3 分，一般', '4 分，满意', '5 分，非常满意'],
      comment: '留言（可选）',
      send: '提交评价',
      thanks: '感谢你的评价！',
      retry: '提交失败，请稍后重试。',
    },
    en: {
      legend: 'Please rate our service (1 very dissatisfied, 5 very satisfied)',
      scores: ['', '1, very dissatisfied', '2, dissatisfied', '3, neutral', '4, satisfied', '5, very satisfied'],
      comment: 'Comment (optional)',
      send: 'Send rating',
      thanks: 'Thank you for your rating!',
      retry: 'Could not send your rating; please try again.',
    },
  };
  const texts = () => TEXTS[langSelect.value === 'en' ? 'en' : 'zh-CN'];

  function thanks() {
    const line = document.createElement('div');
    line.className = 'note csat-thanks';
    line.setAttribute('role', 'status');
    line.textContent = texts().thanks;
    return line;
  }

  function control(message, visit) {
    const t = texts();
    const form = document.createElement('form');
    form.className = 'csat-form';
    const box = document.createElement('fieldset');
    box.className = 'csat';
    const legend = document.createElement('legend');
    legend.textContent = t.legend;
    box.appendChild(legend);
    for (let score = 1; score <= 5; score++) {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'csat-' + message.id;
      radio.value = String(score);
      radio.required = true;
      radio.setAttribute('aria-label', t.scores[score]);
      const face = document.createElement('span');
      face.textContent = String(score);
      face.setAttribute('aria-hidden', 'true');
      label.append(radio, face);
      box.appendChild(label);
    }
    const comment = document.createElement('textarea');
    comment.rows = 2;
    comment.maxLength = ${MAX_CSAT_COMMENT};
    comment.placeholder = t.comment;
    comment.setAttribute('aria-label', t.comment);
    const send = document.createElement('button');
    send.textContent = t.send;
    const problem = document.createElement('div');
    problem.className = 'note';
    problem.setAttribute('role', 'alert');
    box.append(comment, send, problem);
    form.appendChild(box);

    const rated = 'custos-rated:' + visit.conversationId;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = form.querySelector('input[type=radio]:checked');
      if (!chosen) return;
      const body = { score: Number(chosen.value) };
      if (comment.value.trim()) body.comment = comment.value.trim();
      send.disabled = true;
      problem.textContent = '';
      try {
        const response = await fetch('/api/v1/tenants/' + encodeURIComponent(slug) + '/conversations/' +
          encodeURIComponent(visit.conversationId) + '/csat', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer ' + visit.token },
          body: JSON.stringify(body),
        });
        if (response.status === 201 || response.status === 409) {
          sessionStorage.setItem(rated, '1');
          form.replaceWith(thanks());
          return;
        }
      } catch {
        // Offline or refused: the same short message; the control stays for another try.
      }
      problem.textContent = t.retry;
      send.disabled = false;
    });
    return form;
  }

  main.addEventListener('custos:message', (event) => {
    const { message, element, visit } = event.detail;
    if (message.kind !== 'csat' || message.authorKind !== 'bot' || !visit) return;
    const rated = sessionStorage.getItem('custos-rated:' + visit.conversationId) === '1';
    element.after(rated ? thanks() : control(message, visit));
  });
})();
`;
