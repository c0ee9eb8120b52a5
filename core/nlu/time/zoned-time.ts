/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl: a plain date is handled as
 * a UTC midnight (no zone involved), and only the final step — local wall time to an instant —
 * asks Intl for the zone's offset.
 */
export interface PlainDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface WallTime {
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): PlainDate & WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** Minutes east of UTC at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The ISO 8601 date-time with offset for a wall time in `timeZone`. Around a DST change the
 * zone has two offsets; the first one that reproduces the wall time wins (the earlier instant
 * of a repeated hour), and a wall time skipped by a spring-forward is moved forward by the gap —
 * Temporal's "compatible" disambiguation.
 */
export function zonedDateTime(date: PlainDate, time: WallTime, timeZone: string): string {
  const local = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const before = offsetMinutes(new Date(local - HALF_DAY), timeZone);
  const after = offsetMinutes(new Date(local + HALF_DAY), timeZone);
  for (const offset of [before, after]) {
    const instant = new Date(local - offset * 60000);
    const w = wallClock(instant, timeZone);
    if (w.day === date.day && w.hour === time.hour && w.minute === time.minute)
      return format(instant, offset, timeZone);
  }
  const shifted = new Date(local - before * 60000);
  return format(shifted, offsetMinutes(shifted, timeZone), timeZone);
}

const HALF_DAY = 12 * 3600 * 1000;

function format(instant: Date, offset: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${isoDate(w)}T${pad(w.hour)}:${pad(w.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function isoDate(d: PlainDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

export function addDays(d: PlainDate, days: number): PlainDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function weekday(d: PlainDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isValidDate(d: PlainDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
