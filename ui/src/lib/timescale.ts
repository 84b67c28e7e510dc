// The timeline's geometry, pure so it is testable: days between ISO dates, the pixel scale
// per zoom level, Dutch month and ISO-week ticks, lanes, and packing overlapping items of a
// lane into rows.
import type { Municipality, TimelineItem, Track } from './bindings';

export type Zoom = 'weeks' | 'months' | 'quarters' | 'years';
export const PX_PER_DAY: Record<Zoom, number> = { weeks: 28, months: 7, quarters: 2.4, years: 0.7 };
export const ZOOM_LABEL: Record<Zoom, string> = { weeks: 'Weken', months: 'Maanden', quarters: 'Kwartalen', years: 'Jaren' };

const DAY = 86_400_000;
function utc(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

/** Day number of an ISO date (days since 1970), for cheap comparisons. */
export function dayNumber(iso: string): number {
  return Math.round(utc(iso) / DAY);
}
function isoOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `iso` (negative before). */
export function daysBetween(from: string, iso: string): number {
  return Math.round((utc(iso) - utc(from)) / DAY);
}

export function addDays(iso: string, n: number): string {
  return isoOf(utc(iso) + n * DAY);
}

const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

export interface Tick {
  day: number;
  label: string;
}

/** The first of every month in [from, to], labelled `jan 2027`; with `yearsOnly`, only the
 *  first of January, labelled `2027` (months are too narrow to label at that zoom). */
export function monthTicks(from: string, to: string, yearsOnly = false): Tick[] {
  const ticks: Tick[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const iso = `${y}-${String(m).padStart(2, '0')}-01`;
    if (iso > to) break;
    if (iso >= from && (!yearsOnly || m === 1)) ticks.push({ day: daysBetween(from, iso), label: yearsOnly ? String(y) : `${MONTHS[m - 1]} ${y}` });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return ticks;
}

/** ISO 8601 week number of a date. */
export function isoWeek(iso: string): number {
  const t = new Date(utc(iso));
  const day = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - day + 3); // Thursday of this week
  const firstThursday = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
  const fday = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - fday + 3);
  return 1 + Math.round((t.getTime() - firstThursday.getTime()) / (7 * DAY));
}

/** Every Monday in [from, to], labelled `wk 10`. */
export function weekTicks(from: string, to: string): Tick[] {
  const ticks: Tick[] = [];
  const start = new Date(utc(from));
  const toMonday = (8 - start.getUTCDay()) % 7;
  for (let iso = addDays(from, toMonday); iso <= to; iso = addDays(iso, 7)) {
    ticks.push({ day: daysBetween(from, iso), label: `wk ${isoWeek(iso)}` });
  }
  return ticks;
}

export type LaneBy = 'track' | 'municipality' | 'working_group';
export const LANE_LABEL: Record<LaneBy, string> = { track: 'Traject', municipality: 'Gemeente', working_group: 'Werkgroep' };

export interface Placed {
  item: TimelineItem;
  row: number;
  /** Days from the period's start to the item's first day. */
  start: number;
  /** Days from the period's start to the day after the item (ranges) or after its label. */
  end: number;
}
export interface Lane {
  key: string;
  label: string;
  rows: number;
  items: Placed[];
}

/** Groups items into lanes and gives each item a row in its lane so that none overlap.
 *  `minWidthDays` is how wide a point marker (and its label) is, in days. Dates become day
 *  numbers once here: the webview may run this without a JIT, where date strings were slow. */
export function lanes(
  items: TimelineItem[],
  by: LaneBy,
  tracks: Track[],
  municipalities: Municipality[],
  minWidthDays: number,
  from: string,
): Lane[] {
  const origin = dayNumber(from);
  const order: { key: string; label: string }[] = [];
  const keyOf = (i: TimelineItem): [string, string] => {
    if (i.source === 'region') {
      // Another council's dates for a regional text: a lane per municipality, the same lane as
      // this council's own milestones for it when the names agree.
      const name = i.regionMunicipality ?? '';
      if (by !== 'municipality') return ['region-councils', 'Regionale teksten: de raden'];
      const m = municipalities.find((m) => m.name.toLowerCase() === name.toLowerCase());
      return m ? [m.id, m.name] : [`regio:${name}`, name];
    }
    if (by === 'track') {
      if (i.source === 'register') return ['register', 'Eigen planning (register)'];
      const t = tracks.find((t) => t.id === i.trackId);
      return t ? [t.id, t.name] : ['none', 'Zonder traject'];
    }
    if (by === 'municipality') {
      if (i.source === 'register') return ['register', 'Eigen planning (register)'];
      const m = municipalities.find((m) => m.id === i.municipalityId);
      return m ? [m.id, m.name] : ['region', 'Hele regio'];
    }
    return i.workingGroup ? [`wg:${i.workingGroup}`, i.workingGroup] : ['none', 'Zonder werkgroep'];
  };
  // Lanes in a stable order: tracks/municipalities as configured, then the rest as met.
  if (by === 'track') for (const t of tracks) order.push({ key: t.id, label: t.name });
  if (by === 'municipality') {
    order.push({ key: 'region', label: 'Hele regio' });
    for (const m of municipalities) order.push({ key: m.id, label: m.name });
  }
  const groups = new Map<string, TimelineItem[]>();
  for (const i of items) {
    const [key, label] = keyOf(i);
    if (!order.some((o) => o.key === key)) order.push({ key, label });
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  }
  return order
    .filter((o) => groups.has(o.key))
    .map((o) => {
      const rowEnds: number[] = [];
      const placed = groups
        .get(o.key)!
        .map((item) => {
          const start = dayNumber(item.startsOn) - origin;
          const end = item.endsOn ? dayNumber(item.endsOn) - origin + 1 : start + minWidthDays;
          return { item, row: 0, start, end };
        })
        .sort((a, b) => a.start - b.start);
      for (const p of placed) {
        let row = 0;
        while (row < rowEnds.length && rowEnds[row]! > p.start) row++;
        rowEnds[row] = p.end;
        p.row = row;
      }
      return { key: o.key, label: o.label, rows: Math.max(1, rowEnds.length), items: placed };
    });
}
