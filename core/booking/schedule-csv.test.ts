import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScheduleCsv, parseWeekdays, readCsv, ScheduleCsvError } from './schedule-csv.ts';
import { generateSlots } from './slot-generation.ts';

const HEADER = 'service,resource,weekdays,start,end,slot_minutes,capacity,valid_from,valid_to,time_zone';
const HEADER_KIND = `kind,date,${HEADER}`;
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

function failure(text: string): { line: number; message: string } {
  try {
    parseScheduleCsv(text);
  } catch (error) {
    if (error instanceof ScheduleCsvError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error('expected a ScheduleCsvError');
}

describe('readCsv', () => {
  it('reads quoted fields, escaped quotes, CRLF, a BOM and line breaks inside quotes', () => {
    const text = '\uFEFFa,"b, with comma","say ""hi"""\r\n"multi\r\nline",,x\r\n\r\nlast,"",z';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b, with comma', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline', '', 'x'] },
      { line: 5, fields: ['last', '', 'z'] },
    ]);
  });

  it('keeps a trailing empty field and ignores a final line break', () => {
    expect(readCsv('a,b,\n')).toEqual([{ line: 1, fields: ['a', 'b', ''] }]);
    expect(readCsv('a\rb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
    ]);
  });

  it('names the line of a malformed quote', () => {
    expect(() => readCsv('a,b\n"open,\nc')).toThrow('line 2: a quoted field is never closed');
    expect(() => readCsv('a,b\n"x"y,c')).toThrow('line 2: unexpected text after a closing quote');
    expect(() => readCsv('a,b\nx"y,c')).toThrow('line 2: a quote inside an unquoted field');
  });

  it('reads back whatever a writer quoted', () => {
    const quote = (f: string) => `"${f.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r\n', ' ', '中') }), {
            minLength: 2,
            maxLength: 4,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (rows) => {
          const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
          expect(readCsv(text).map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });
});

describe('parseWeekdays', () => {
  it.each([
    ['1-5', [1, 2, 3, 4, 5]],
    ['1,3,5', [1, 3, 5]],
    ['Mon-Fri', [1, 2, 3, 4, 5]],
    ['sat, Sunday', [6, 7]],
    ['Fri-Mon', [1, 5, 6, 7]],
    ['7', [7]],
    ['1-3,2-4', [1, 2, 3, 4]],
  ])('%s', (text, days) => {
    expect(parseWeekdays(text)).toEqual(days);
  });

  it.each(['', '0', '8', 'Funday', '1-', '1-2-3', 'Mon,,Tue'])('rejects %j', (text) => {
    expect(parseWeekdays(text)).toBeUndefined();
  });
});

describe('parseScheduleCsv', () => {
  it('merges the rows of one schedule and keeps service-level schedules apart', () => {
    const { schedules } = parseScheduleCsv(
      csv(
        HEADER,
        'paediatrics,dr-wang,1-5,08:00,12:00,15,1,,,Asia/Shanghai',
        'paediatrics,dr-wang,1-5,13:30,17:30,15,1,,,Asia/Shanghai',
        'campus-tour,,Sat,10:00,12:00,60,25,2026-09-01,2027-01-31,Asia/Shanghai',
        'paediatrics,dr-li,Mon-Wed,08:00,12:00,20,1,,,Asia/Shanghai',
      ),
    );
    expect(schedules).toEqual([
      {
        service: 'paediatrics',
        resource: 'dr-wang',
        definition: {
          timeZone: 'Asia/Shanghai',
          weekly: [
            { start: '08:00', end: '12:00', slotMinutes: 15, capacity: 1, weekdays: [1, 2, 3, 4, 5] },
            { start: '13:30', end: '17:30', slotMinutes: 15, capacity: 1, weekdays: [1, 2, 3, 4, 5] },
          ],
        },
      },
      {
        service: 'campus-tour',
        definition: {
          timeZone: 'Asia/Shanghai',
          weekly: [{ start: '10:00', end: '12:00', slotMinutes: 60, capacity: 25, weekdays: [6] }],
          validFrom: '2026-09-01',
          validTo: '2027-01-31',
        },
      },
      {
        service: 'paediatrics',
        resource: 'dr-li',
        definition: {
          timeZone: 'Asia/Shanghai',
          weekly: [{ start: '08:00', end: '12:00', slotMinutes: 20, capacity: 1, weekdays: [1, 2, 3] }],
        },
      },
    ]);
  });

  it('splits rows with different validity ranges or zones into separate schedules', () => {
    const { schedules } = parseScheduleCsv(
      csv(
        HEADER,
        'interview,room-1,1-5,09:00,12:00,30,1,2026-01-01,2026-06-30,Asia/Shanghai',
        'interview,room-1,1-5,09:00,11:00,30,1,2026-07-01,,Asia/Shanghai',
        'interview,room-1,1-5,20:00,22:00,30,1,2026-07-01,,America/New_York',
      ),
    );
    expect(schedules.map((s) => [s.definition.validFrom, s.definition.timeZone])).toEqual([
      ['2026-01-01', 'Asia/Shanghai'],
      ['2026-07-01', 'Asia/Shanghai'],
      ['2026-07-01', 'America/New_York'],
    ]);
  });

  it('reads a BOM, CRLF, quoted names, columns in any order and upper-case headers', () => {
    const text =
      '\uFEFFTIME_ZONE,Service,resource,weekdays,start,end,slot_minutes,capacity,valid_from,valid_to\r\n' +
      'Asia/Shanghai,"Obstetrics, ""high-risk""",dr-zhao,"1,3,5",08:00,10:00,30,1,,\r\n';
    const [only] = parseScheduleCsv(text).schedules;
    expect(only?.service).toBe('Obstetrics, "high-risk"');
    expect(only?.definition.weekly[0]?.weekdays).toEqual([1, 3, 5]);
  });

  it('attaches holidays and exceptions to the schedules they name', () => {
    const { schedules } = parseScheduleCsv(
      csv(
        HEADER_KIND,
        'holiday,2026-10-01,*,,,,,,,,,',
        'exception,2026-12-24,paediatrics,dr-wang,,08:00,10:00,30,1,,,',
        'exception,2026-12-24,paediatrics,dr-wang,,22:00,02:00,60,1,,,',
        ',,paediatrics,dr-wang,1-5,08:00,12:00,15,1,,,Asia/Shanghai',
        'weekly,,campus-tour,,6,10:00,12:00,60,25,,,Asia/Shanghai',
        'holiday,2026-12-26,campus-tour,,,,,,,,,',
      ),
    );
    const [doctor, tour] = schedules;
    expect(doctor?.definition.holidays).toEqual(['2026-10-01']);
    expect(doctor?.definition.exceptions).toEqual([
      {
        date: '2026-12-24',
        windows: [
          { start: '08:00', end: '10:00', slotMinutes: 30, capacity: 1 },
          { start: '22:00', end: '02:00', slotMinutes: 60, capacity: 1 },
        ],
      },
    ]);
    expect(tour?.definition.holidays).toEqual(['2026-10-01', '2026-12-26']);
    // The imported definition is what slot generation takes.
    expect(generateSlots(doctor!.definition, '2026-12-24', '2026-12-24')).toHaveLength(8);
    expect(generateSlots(tour!.definition, '2026-12-26', '2026-12-26')).toEqual([]);
  });

  const row = 'paediatrics,dr-wang,1-5,08:00,12:00,15,1,,,Asia/Shanghai';
  it.each([
    ['', 1, 'line 1: the file is empty; expected a header line'],
    [csv('service,resource'), 1, 'line 1: missing column(s) weekdays, start, end'],
    [csv(`${HEADER},colour`), 1, 'line 1: unknown column "colour"'],
    [csv(`${HEADER},service`), 1, 'line 1: column service appears twice'],
    [csv(HEADER, row, 'paediatrics,dr-wang,1-5'), 3, 'line 3: expected 10 fields, found 3'],
    [csv(HEADER, ',dr-wang,1-5,08:00,12:00,15,1,,,Asia/Shanghai'), 2, 'line 2: service is empty'],
    [
      csv(HEADER, 'p,r,Mon-Funday,08:00,12:00,15,1,,,Asia/Shanghai'),
      2,
      'line 2: weekdays Mon-Funday is not like',
    ],
    [
      csv(HEADER, row, row, 'p,r,1-5,25:00,12:00,15,1,,,Asia/Shanghai'),
      4,
      'line 4: start 25:00 is not a time HH:MM',
    ],
    [csv(HEADER, 'p,r,1-5,08:00,8pm,15,1,,,Asia/Shanghai'), 2, 'line 2: end 8pm is not a time HH:MM'],
    [
      csv(HEADER, 'p,r,1-5,08:00,12:00,0,1,,,Asia/Shanghai'),
      2,
      'line 2: slot_minutes 0 is not a whole number from 1 to 1440',
    ],
    [
      csv(HEADER, 'p,r,1-5,08:00,12:00,15,,,,Asia/Shanghai'),
      2,
      'line 2: capacity (empty) is not a whole number',
    ],
    [csv(HEADER, 'p,r,1-5,08:00,12:00,15,1,,,'), 2, 'line 2: time_zone is empty'],
    [
      csv(HEADER, 'p,r,1-5,08:00,12:00,15,1,,,Asia/Atlantis'),
      2,
      'line 2: time_zone Asia/Atlantis is not a known',
    ],
    [
      csv(HEADER, 'p,r,1-5,08:00,12:00,15,1,2026-13-01,,Asia/Shanghai'),
      2,
      'line 2: valid_from 2026-13-01 is not a date',
    ],
    [
      csv(HEADER, 'p,r,1-5,08:00,12:00,15,1,2026-12-01,2026-11-01,Asia/Shanghai'),
      2,
      'line 2: valid_to 2026-11-01 is before valid_from 2026-12-01',
    ],
    [
      csv(HEADER, row, row.replace('08:00,12:00', '11:00,13:00')),
      3,
      'line 3: window 11:00–13:00 overlaps 08:00–12:00 on Monday',
    ],
    [
      csv(HEADER, row, 'paediatrics,dr-wang,6,08:00,12:45,30,1,,,Asia/Shanghai'),
      3,
      'line 3: slotMinutes 30 does not divide the window length of 285 minutes',
    ],
    [csv(HEADER_KIND, `repeat,,${row}`), 2, 'line 2: kind repeat is not weekly, exception or holiday'],
    [csv(HEADER_KIND, `weekly,2026-12-01,${row}`), 2, 'line 2: date must be empty on a weekly row'],
    [
      csv(HEADER_KIND, `,,*,,1-5,08:00,12:00,15,1,,,Asia/Shanghai`),
      2,
      'line 2: service * (every schedule) is only for',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,,paediatrics,dr-wang,,,,,,,,'),
      3,
      'line 3: a holiday row needs a date',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,2026-02-30,paediatrics,dr-wang,,,,,,,,'),
      3,
      'line 3: date 2026-02-30 is not',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,2026-10-01,paediatrics,dr-wang,1-5,,,,,,,'),
      3,
      'line 3: weekdays must be empty on a holiday row',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,2026-10-01,paediatrics,dr-wang,,08:00,,,,,,'),
      3,
      'line 3: start must be empty on a holiday row',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,2026-10-01,*,dr-wang,,,,,,,,'),
      3,
      'line 3: service * (every schedule) cannot name a resource',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'holiday,2026-10-01,dentistry,,,,,,,,,'),
      3,
      'line 3: holiday 2026-10-01 matches no schedule of dentistry',
    ],
    [
      csv(
        HEADER_KIND,
        `,,${row.replace(',,,', ',2026-01-01,2026-06-30,')}`,
        'exception,2026-10-01,paediatrics,dr-wang,,08:00,10:00,30,1,,,',
      ),
      3,
      'line 3: exception 2026-10-01 matches no schedule of paediatrics / dr-wang',
    ],
    [
      csv(HEADER_KIND, `,,${row}`, 'exception,2026-10-01,paediatrics,dr-wang,,08:00,,30,1,,,'),
      3,
      'line 3: end (empty) is not a time',
    ],
    [
      csv(
        HEADER_KIND,
        `,,${row}`,
        'exception,2026-10-01,paediatrics,dr-wang,,08:00,10:00,30,1,,,',
        'exception,2026-10-01,paediatrics,dr-wang,,09:00,11:00,30,1,,,',
      ),
      4,
      'line 4: window 09:00–11:00 overlaps 08:00–10:00 on 2026-10-01',
    ],
    [csv(HEADER, row, '"unclosed,dr-wang'), 3, 'line 3: a quoted field is never closed'],
  ])('error %#', (text, line, message) => {
    const found = failure(text);
    expect(found.line).toBe(line);
    expect(found.message.startsWith(message), found.message).toBe(true);
    expect(found.message).not.toContain('\n');
  });
});
