import { describe, expect, it } from 'vitest';
import {
  dateLong,
  dateTime,
  dateWithDay,
  decimal,
  dutchOrder,
  fileSize,
  fullDate,
  monthOfYear,
  shorten,
  timeOfDay,
  weekdayOfShort,
} from './format';

describe('shorten', () => {
  it('keeps a title that fits', () => {
    expect(shorten('Inkoop jeugdhulp', 40)).toBe('Inkoop jeugdhulp');
  });
  it('cuts at a word boundary so every visible word is whole', () => {
    const cut = shorten('Verordening maatschappelijke ondersteuning 2027', 30);
    expect(cut).toBe('Verordening maatschappelijke…');
    expect(cut.length).toBeLessThanOrEqual(30);
  });
  it('cuts a single long word where it must', () => {
    expect(shorten('Jeugdhulpverleningsinstellingen', 10)).toBe('Jeugdhulp…');
  });
});

// The dates are written by hand so the window never loads ICU's calendars; Node carries the full
// ICU, so its Dutch formats are the reference, day by day over two years.
describe('Dutch dates written by hand', () => {
  const icu = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('nl-NL', o);
  const days: Date[] = [];
  for (let d = new Date(2026, 0, 1); d < new Date(2028, 0, 1); d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) {
    days.push(d);
  }
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

  it('say every day of two years as ICU says it in Dutch', () => {
    const long = icu({ day: 'numeric', month: 'long', year: 'numeric' });
    const full = icu({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const month = icu({ month: 'long', year: 'numeric' });
    const short = icu({ weekday: 'short' });
    const weekday = icu({ weekday: 'long' });
    for (const d of days) {
      expect(dateLong(iso(d))).toBe(long.format(d));
      expect(fullDate(d)).toBe(full.format(d));
      expect(monthOfYear(d)).toBe(month.format(d));
      expect(dateWithDay(iso(d))).toBe(`${short.format(d)} ${long.format(d)}`);
      const typed = `${String(d.getDate()).padStart(2, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${d.getFullYear()}`;
      expect(weekdayOfShort(typed)).toBe(weekday.format(d));
    }
  });

  it('say a moment with its time of day in the computer\'s time zone', () => {
    const d = new Date(2026, 10, 23, 9, 5, 7);
    expect(timeOfDay(d)).toBe('09:05:07');
    expect(dateTime(d.toISOString())).toBe('23 november 2026 om 09:05');
    expect(dateTime(d.toISOString())).toBe(
      icu({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d),
    );
  });

  it('say no weekday for a date that does not exist', () => {
    expect(weekdayOfShort('31-02-2027')).toBe('');
    expect(dateLong(null)).toBe('—');
  });
});

describe('Dutch numbers and order written by hand', () => {
  it('write sizes with a decimal comma and thousands points, as ICU does', () => {
    for (const n of [0, 0.04, 0.05, 1, 1.25, 1.45, 12, 99.96, 1234.56, 1000000.5, -3.2]) {
      expect(decimal(n)).toBe(n.toLocaleString('nl-NL', { maximumFractionDigits: 1 }));
    }
    expect(fileSize(3 * 1024 * 1024 + 400 * 1024)).toBe('3,4 MB');
    expect(fileSize(200)).toBe('1 kB');
  });

  it('sorts labels alphabetically with accents and case aside', () => {
    const labels = ['Raden geïnformeerd', 'raadsbesluit', 'Één moment', 'Concept gereed', 'Eerste', 'Overig'];
    expect([...labels].sort(dutchOrder)).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'nl')));
  });
});
