import { AppError } from '../errors/app-error.ts';
import { assertTimeZone } from '../nlu/time/zoned-time.ts';
import {
  type AvailabilityWindow,
  type ScheduleDefinition,
  type ScheduleException,
  scheduleDefinitionSchema,
  type WeeklyRule,
} from './availability.ts';
import { parseLocalDate, parseWallTime } from './zoned-instant.ts';

/**
 * The schedule file behind `custos booking import`: UTF-8 CSV as in RFC 4180 (quoted fields,
 * `""` for a quote inside one, CRLF or LF line ends, an optional BOM), the first line a header.
 *
 * Header columns, in any order: service, resource, weekdays, start, end, slot_minutes, capacity,
 * valid_from, valid_to, time_zone (all ten present), and optionally `kind` and `date`.
 *
 * Every row has a `kind` (empty means `weekly`):
 * - `weekly` — one weekly window. weekdays (`1-5`, `1,3,5`, `Mon-Fri`, `Sat,Sun`; ranges may wrap,
 *   `Fri-Mon`), start, end (`24:00` allowed; an end at or before the start crosses midnight),
 *   slot_minutes, capacity and time_zone are required; valid_from / valid_to optional. An empty
 *   resource makes a service-level schedule (a campus tour). Rows with the same service,
 *   resource, time_zone, valid_from and valid_to form one schedule.
 * - `exception` — one window on `date` that replaces that date's weekly windows; several rows of
 *   one date add windows. start, end, slot_minutes, capacity required.
 * - `holiday` — `date` is closed all day.
 * An exception or holiday row applies to every schedule of its service and resource (empty
 * resource: the service-level schedule) whose validity contains the date; service `*` with an empty
 * resource applies to every schedule in the file. On these rows weekdays, time_zone, valid_from
 * and valid_to stay empty. A row that applies to no schedule is an error.
 *
 * Any problem throws `ScheduleCsvError` naming the line (the physical line a record starts on).
 */
export interface ImportedSchedule {
  readonly service: string;
  readonly resource?: string;
  readonly definition: ScheduleDefinition;
}

export class ScheduleCsvError extends AppError {
  readonly line: number;

  constructor(line: number, problem: string) {
    super('validation_failed', `line ${line}: ${problem}`, { details: { line } });
    this.line = line;
  }
}

const REQUIRED = [
  'service',
  'resource',
  'weekdays',
  'start',
  'end',
  'slot_minutes',
  'capacity',
  'valid_from',
  'valid_to',
  'time_zone',
] as const;
const OPTIONAL = ['kind', 'date'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** RFC 4180 records with the line each starts on; blank lines are skipped. */
export function readCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (src[i] === '"') {
        i++;
        for (;;) {
          if (i >= src.length) throw new ScheduleCsvError(start, 'a quoted field is never closed');
          const ch = src[i]!;
          if (ch === '"' && src[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) line++;
            value += ch;
            i++;
          }
        }
        if (i < src.length && !isBreak(src, i) && src[i] !== ',')
          throw new ScheduleCsvError(line, 'unexpected text after a closing quote');
      } else {
        while (i < src.length && src[i] !== ',' && !isBreak(src, i)) {
          if (src[i] === '"')
            throw new ScheduleCsvError(line, 'a quote inside an unquoted field (quote the field)');
          value += src[i];
          i++;
        }
      }
      fields.push(value);
      if (src[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < src.length) {
      i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
  }
  return records;
}

function isBreak(src: string, i: number): boolean {
  return src[i] === '\n' || src[i] === '\r';
}

const DAY_NAMES: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

function weekdayOf(token: string): number | undefined {
  const t = token.trim().toLowerCase();
  if (/^[1-7]$/.test(t)) return Number(t);
  return DAY_NAMES[t];
}

/** `1-5`, `1,3,5`, `Mon-Fri`, `Fri-Mon` (wraps) → ISO weekdays in week order. */
export function parseWeekdays(text: string): number[] | undefined {
  if (text.trim() === '') return undefined;
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const range = part.split(/[-–]/);
    if (range.length === 1) {
      const day = weekdayOf(part);
      if (day === undefined) return undefined;
      days.add(day);
    } else if (range.length === 2) {
      const from = weekdayOf(range[0]!);
      const to = weekdayOf(range[1]!);
      if (from === undefined || to === undefined) return undefined;
      for (let d = from; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === to) break;
      }
    } else return undefined;
  }
  return [...days].sort((a, b) => a - b);
}

type Row = { readonly line: number; readonly get: (c: Column) => string };

function header(record: CsvRecord | undefined): Map<Column, number> {
  if (!record) throw new ScheduleCsvError(1, 'the file is empty; expected a header line');
  const columns = new Map<Column, number>();
  record.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(REQUIRED as readonly string[]).includes(name) && !(OPTIONAL as readonly string[]).includes(name))
      throw new ScheduleCsvError(record.line, `unknown column "${raw.trim()}"`);
    if (columns.has(name as Column)) throw new ScheduleCsvError(record.line, `column ${name} appears twice`);
    columns.set(name as Column, index);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) throw new ScheduleCsvError(record.line, `missing column(s) ${missing.join(', ')}`);
  return columns;
}

function windowOf(row: Row): AvailabilityWindow {
  const start = row.get('start');
  const end = row.get('end');
  if (parseWallTime(start) === undefined)
    throw new ScheduleCsvError(row.line, `start ${show(start)} is not a time HH:MM`);
  if (parseWallTime(end, true) === undefined)
    throw new ScheduleCsvError(row.line, `end ${show(end)} is not a time HH:MM`);
  return {
    start,
    end,
    slotMinutes: wholeNumber(row, 'slot_minutes', 1, 1440),
    capacity: wholeNumber(row, 'capacity', 1, 10_000),
  };
}

function wholeNumber(row: Row, column: Column, min: number, max: number): number {
  const text = row.get(column);
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new ScheduleCsvError(
      row.line,
      `${column} ${show(text)} is not a whole number from ${min} to ${max}`,
    );
  return n;
}

function optionalDate(row: Row, column: Column): string | undefined {
  const text = row.get(column);
  if (text === '') return undefined;
  if (!parseLocalDate(text))
    throw new ScheduleCsvError(row.line, `${column} ${text} is not a date YYYY-MM-DD`);
  return text;
}

const show = (text: string) => (text === '' ? '(empty)' : text);

interface Draft {
  readonly service: string;
  readonly resource: string;
  readonly timeZone: string;
  readonly validFrom: string | undefined;
  readonly validTo: string | undefined;
  readonly line: number;
  readonly weekly: { rule: WeeklyRule; line: number }[];
  readonly exceptions: Map<string, { line: number; windows: { window: AvailabilityWindow; line: number }[] }>;
  readonly holidays: Map<string, number>;
}

interface Dated {
  readonly kind: 'exception' | 'holiday';
  readonly row: Row;
  readonly service: string;
  readonly resource: string;
  readonly date: string;
  readonly window?: AvailabilityWindow;
}

function weeklyRow(row: Row, drafts: Map<string, Draft>): void {
  if (row.get('service') === '*')
    throw new ScheduleCsvError(row.line, 'service * (every schedule) is only for exception and holiday rows');
  const weekdays = parseWeekdays(row.get('weekdays'));
  if (!weekdays)
    throw new ScheduleCsvError(
      row.line,
      `weekdays ${show(row.get('weekdays'))} is not like 1-5, 1,3,5 or Mon-Fri`,
    );
  const window = windowOf(row);
  const timeZone = row.get('time_zone');
  if (timeZone === '')
    throw new ScheduleCsvError(row.line, 'time_zone is empty; expected e.g. Asia/Shanghai');
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new ScheduleCsvError(row.line, `time_zone ${timeZone} is not a known IANA time zone`);
  }
  const validFrom = optionalDate(row, 'valid_from');
  const validTo = optionalDate(row, 'valid_to');
  if (validFrom && validTo && validFrom > validTo)
    throw new ScheduleCsvError(row.line, `valid_to ${validTo} is before valid_from ${validFrom}`);
  const service = row.get('service');
  const resource = row.get('resource');
  const key = JSON.stringify([service, resource, timeZone, validFrom ?? '', validTo ?? '']);
  let draft = drafts.get(key);
  if (!draft) {
    draft = {
      service,
      resource,
      timeZone,
      validFrom,
      validTo,
      line: row.line,
      weekly: [],
      exceptions: new Map(),
      holidays: new Map(),
    };
    drafts.set(key, draft);
  }
  draft.weekly.push({ rule: { ...window, weekdays }, line: row.line });
}

function datedRow(row: Row, kind: 'exception' | 'holiday'): Dated {
  for (const column of ['weekdays', 'time_zone', 'valid_from', 'valid_to'] as const)
    if (row.get(column) !== '')
      throw new ScheduleCsvError(row.line, `${column} must be empty on a ${kind} row`);
  const date = row.get('date');
  if (date === '') throw new ScheduleCsvError(row.line, `a ${kind} row needs a date (add a date column)`);
  if (!parseLocalDate(date)) throw new ScheduleCsvError(row.line, `date ${date} is not a date YYYY-MM-DD`);
  const service = row.get('service');
  const resource = row.get('resource');
  if (service === '*' && resource !== '')
    throw new ScheduleCsvError(row.line, 'service * (every schedule) cannot name a resource');
  if (kind === 'holiday') {
    for (const column of ['start', 'end', 'slot_minutes', 'capacity'] as const)
      if (row.get(column) !== '')
        throw new ScheduleCsvError(row.line, `${column} must be empty on a holiday row`);
    return { kind, row, service, resource, date };
  }
  return { kind, row, service, resource, date, window: windowOf(row) };
}

function attach(dated: Dated, drafts: Iterable<Draft>): void {
  let matched = false;
  for (const d of drafts) {
    const mine = dated.service === '*' || (d.service === dated.service && d.resource === dated.resource);
    const valid = (!d.validFrom || dated.date >= d.validFrom) && (!d.validTo || dated.date <= d.validTo);
    if (!mine || !valid) continue;
    matched = true;
    if (dated.kind === 'holiday') {
      if (!d.holidays.has(dated.date)) d.holidays.set(dated.date, dated.row.line);
      continue;
    }
    const exception = d.exceptions.get(dated.date) ?? { line: dated.row.line, windows: [] };
    exception.windows.push({ window: dated.window!, line: dated.row.line });
    d.exceptions.set(dated.date, exception);
  }
  if (!matched) {
    const target = dated.resource ? `${dated.service} / ${dated.resource}` : dated.service;
    throw new ScheduleCsvError(
      dated.row.line,
      `${dated.kind} ${dated.date} matches no schedule of ${target}`,
    );
  }
}

function build(d: Draft): ImportedSchedule {
  const exceptions = [...d.exceptions].map(([date, e]) => ({ date, e }));
  const definition: ScheduleDefinition = {
    timeZone: d.timeZone,
    weekly: d.weekly.map((w) => w.rule),
    ...(exceptions.length > 0
      ? {
          exceptions: exceptions.map(
            ({ date, e }): ScheduleException => ({ date, windows: e.windows.map((w) => w.window) }),
          ),
        }
      : {}),
    ...(d.holidays.size > 0 ? { holidays: [...d.holidays.keys()] } : {}),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    ...(d.validTo ? { validTo: d.validTo } : {}),
  };
  const parsed = scheduleDefinitionSchema.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [field, index, , windowIndex] = issue.path;
    let line = d.line;
    if (field === 'weekly' && typeof index === 'number') line = d.weekly[index]?.line ?? line;
    if (field === 'exceptions' && typeof index === 'number') {
      const e = exceptions[index]?.e;
      line = (typeof windowIndex === 'number' ? e?.windows[windowIndex]?.line : e?.line) ?? line;
    }
    if (field === 'holidays' && typeof index === 'number') line = [...d.holidays.values()][index] ?? line;
    throw new ScheduleCsvError(line, issue.message);
  }
  return { service: d.service, ...(d.resource ? { resource: d.resource } : {}), definition };
}

export function parseScheduleCsv(text: string): { schedules: ImportedSchedule[] } {
  const [head, ...records] = readCsv(text);
  const columns = header(head);
  const drafts = new Map<string, Draft>();
  const dated: Dated[] = [];
  for (const record of records) {
    if (record.fields.length !== columns.size)
      throw new ScheduleCsvError(
        record.line,
        `expected ${columns.size} fields, found ${record.fields.length}`,
      );
    const row: Row = {
      line: record.line,
      get: (c) => {
        const index = columns.get(c);
        return index === undefined ? '' : record.fields[index]!.trim();
      },
    };
    if (row.get('service') === '') throw new ScheduleCsvError(row.line, 'service is empty');
    const kind = row.get('kind').toLowerCase() || 'weekly';
    if (kind === 'weekly') {
      if (row.get('date') !== '') throw new ScheduleCsvError(row.line, 'date must be empty on a weekly row');
      weeklyRow(row, drafts);
    } else if (kind === 'exception' || kind === 'holiday') dated.push(datedRow(row, kind));
    else throw new ScheduleCsvError(row.line, `kind ${row.get('kind')} is not weekly, exception or holiday`);
  }
  for (const d of dated) attach(d, drafts.values());
  return { schedules: [...drafts.values()].map(build) };
}
