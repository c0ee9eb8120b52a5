import { wallClock, weekday } from '../nlu/time/zoned-time.ts';
import { addBusinessSeconds, type BusinessHours, isOpen } from './business-hours.ts';

/**
 * What a waiting contact is told, decided without I/O: the expected wait from the queue's recent
 * history and the free capacity now, and the texts of the notices (core/routing/README.md,
 * "What the waiting contact is told").
 */

/** Fewer handled conversations than this in the window, and the wait is unknown. */
export const MIN_SAMPLES = 3;

export interface WaitInput {
  /** 1-based place in the queue's assignment order. */
  readonly position: number;
  /**
   * Seconds from assignment to close of the queue's recently handled conversations: how long an
   * agent's place stays taken.
   */
  readonly handleSeconds: readonly number[];
  /** Places of online agents who could take this conversation: the sum of their capacities. */
  readonly capacity: number;
  /** Of those places, how many are free now. */
  readonly free: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Seconds until an agent is expected to take the conversation, or null when there is nothing
 * honest to say: too little history, or nobody online who could take it. With `capacity` places
 * each held for a median `H` seconds, a place frees up every `H / capacity` seconds; the places
 * free now go to the first `free` in line at once (0: "shortly"), and everyone behind them waits
 * for `position − free` places to free up.
 */
export function estimateWaitSeconds(input: WaitInput): number | null {
  const { position, capacity } = input;
  const free = Math.max(0, input.free);
  const handle = median(input.handleSeconds.filter((s) => Number.isFinite(s) && s >= 0));
  if (input.handleSeconds.length < MIN_SAMPLES || handle === undefined || capacity <= 0) return null;
  if (position <= free) return 0;
  return Math.ceil(((position - free) * handle) / capacity);
}

/** Whether a queue is open at `now`: one without business hours always is. */
export function queueOpen(hours: BusinessHours | null, now: Date): boolean {
  if (!hours) return true;
  try {
    return isOpen(hours, now);
  } catch {
    // Holidays cover every window for more than a year.
    return false;
  }
}

/** The first instant the queue is open after `now`; null when it is open now, or never opens. */
export function nextOpeningAt(hours: BusinessHours | null, now: Date): Date | null {
  if (!hours || queueOpen(hours, now)) return null;
  // One second of open time ends one second after the opening: windows are whole minutes, so
  // the first open interval after `now` is at least a minute long.
  try {
    return new Date(addBusinessSeconds(hours, now, 1).getTime() - 1000);
  } catch {
    // Holidays cover every window for more than a year: there is no opening to name.
    return null;
  }
}

export type NoticeLocale = 'zh-CN' | 'en';
export type Bilingual = { readonly 'zh-CN': string; readonly en: string };

const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** An opening time on the wall clock of `timeZone`, with the zone named: 11月25日（周三）08:00（北京时间）. */
export function formatOpening(instant: Date, timeZone: string, locale: NoticeLocale): string {
  const w = wallClock(instant, timeZone);
  const day = weekday(w) - 1;
  const time = `${pad(w.hour)}:${pad(w.minute)}`;
  if (locale === 'zh-CN') {
    const zone = timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone;
    return `${w.month}月${w.day}日（周${ZH_WEEKDAYS[day]}）${time}（${zone}）`;
  }
  return `${EN_WEEKDAYS[day]} ${w.day} ${EN_MONTHS[w.month - 1]} at ${time} (${timeZone})`;
}

function waitPhrase(seconds: number, locale: NoticeLocale): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 120) return locale === 'zh-CN' ? `约 ${minutes} 分钟` : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return locale === 'zh-CN' ? `约 ${hours} 小时` : `about ${hours} hours`;
}

/** In business hours: the place in line and, when there is one, the expected wait. */
export function positionText(
  place: { readonly position: number; readonly expectedWaitSeconds: number | null },
  locale: NoticeLocale,
): string {
  const { position, expectedWaitSeconds: wait } = place;
  const ahead = position - 1;
  if (locale === 'zh-CN') {
    const line = ahead === 0 ? '你前面没有其他人在等待' : `你前面还有 ${ahead} 位`;
    if (wait === null) return `${line}，请稍候，客服会按顺序为你接入。`;
    return wait === 0 ? `${line}，客服马上为你接入。` : `${line}，预计等待${waitPhrase(wait, locale)}。`;
  }
  const line = `You are number ${position} in the queue`;
  if (wait === null) return `${line}; an agent will be with you as soon as possible.`;
  return wait === 0
    ? `${line}; an agent will be with you shortly.`
    : `${line}; the expected wait is ${waitPhrase(wait, locale)}.`;
}

/** The placeholder a queue's own out-of-hours message may use for the next opening time. */
export const OPENING_PLACEHOLDER = '{nextOpening}';

const DEFAULT_CLOSED: Bilingual = {
  'zh-CN': `现在是非服务时间，我们将于 ${OPENING_PLACEHOLDER} 恢复服务，届时会按顺序为你接入，你的排队位置会保留。`,
  en: `We are closed right now and open again on ${OPENING_PLACEHOLDER}. Your place in the queue is kept, and an agent will take your conversation in turn.`,
};

/** When no opening can be named (holidays cover the time ahead). */
const CLOSED_NO_OPENING: Bilingual = {
  'zh-CN': '现在是非服务时间，你的排队位置会保留，恢复服务后会按顺序为你接入。',
  en: 'We are closed right now. Your place in the queue is kept, and an agent will take your conversation in turn once we are open.',
};

const CALLBACK_OFFER: Bilingual = {
  'zh-CN': '如果希望我们回电，请点击“请求回电”留下方便的时间和说明。',
  en: 'If you would like us to call you back, use “Request a callback” to leave a convenient time and a note.',
};

/**
 * Out of business hours: the queue's own message (or the default, which names the next opening
 * in the queue's time zone), then the offer of a callback request. A queue's message may name the
 * opening with `{nextOpening}`.
 */
export function outOfHoursText(
  message: Bilingual | null,
  opening: { readonly at: Date; readonly timeZone: string } | null,
  locale: NoticeLocale,
): string {
  const template = message?.[locale] ?? (opening ? DEFAULT_CLOSED : CLOSED_NO_OPENING)[locale];
  const when = opening
    ? formatOpening(opening.at, opening.timeZone, locale)
    : locale === 'zh-CN'
      ? '下一个服务时间'
      : 'the next opening';
  return `${template.replaceAll(OPENING_PLACEHOLDER, when)}\n${CALLBACK_OFFER[locale]}`;
}

/** Words that ask for a call back, in either language. */
const CALLBACK_WORDS = /回电|回拨|打电话给我|call me back|call ?back/i;

export const asksForCallback = (text: string): boolean => CALLBACK_WORDS.test(text);

/** The answer to those words in chat: the button is the way (the HTTP route is the contract). */
export function callbackHowTo(locale: NoticeLocale): string {
  return locale === 'zh-CN'
    ? '请点击聊天窗口中的“请求回电”，留下方便回电的时间（如“明天上午”）和简短说明，我们上班后会尽快联系你。'
    : 'Please use “Request a callback” in the chat window to leave a convenient time (such as “tomorrow morning”) and a short note; we will call you back once we are open.';
}
