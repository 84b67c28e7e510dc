// Dutch presentation of what the core sends: dates, statuses, tenors, warnings.
import type { AgendaKind, BackupKind, DueSource, ItemKind, MilestoneStatus, RequestKind, SectionScope, Status, Warning } from './bindings';
import { statusLabel } from './bindings';
import { now } from './clock';

// The labels of statuses, tenors and timeline kinds are the core's own, generated with the types.
export {
  commitmentStatusLabel,
  followUpKindLabel,
  itemKindLabel,
  openStatuses,
  outcomeLabel,
  statusLabel,
  tenorLabel,
} from './bindings';

// Dates are written out by hand rather than with `Intl.DateTimeFormat`: the engine's first Dutch
// format loaded ICU's locale and calendar data into the web process (1.4 MB that stayed for as
// long as the window was open, measured on the start-up bench), for names that never change.
const months = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
];
// Indexed by `Date.getDay()`: Sunday first.
const weekdays = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'];
const weekdaysShort = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];

/** `november 2026` */
export function monthOfYear(d: Date): string {
  return `${months[d.getMonth()]} ${d.getFullYear()}`;
}

/** `23 november 2026`, from a local date. */
export function dayMonthYear(d: Date): string {
  return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;
}

/** `maandag 23 november 2026` */
export function fullDate(d: Date): string {
  return `${weekdays[d.getDay()]} ${dayMonthYear(d)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function parseIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** `23 november 2026` */
export function dateLong(iso: string | null | undefined): string {
  return iso ? dayMonthYear(parseIso(iso)) : '—';
}

/** `ma 23 november 2026` */
export function dateWithDay(iso: string): string {
  const d = parseIso(iso);
  return `${weekdaysShort[d.getDay()]} ${dayMonthYear(d)}`;
}

/** `23-11-2026`, the form the date fields accept. */
export function dateShort(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export const allStatuses = Object.keys(statusLabel) as Status[];

export const kindLabel: Record<RequestKind, string> = {
  asked: 'Gevraagd advies',
  unasked: 'Ongevraagd advies',
};

export const dueSourceLabel: Record<DueSource, string> = {
  requested: 'gevraagd door de gemeente',
  standard_term: 'standaard adviestermijn',
};

export const warningLabel: Record<Warning, string> = {
  overdue: 'Termijn verstreken',
  due_soon: 'Termijn nadert',
  no_meeting_left: 'Geen vergadering meer vóór de termijn',
  draft_late: 'Concept had al klaar moeten zijn',
  reaction_late: 'Reactie college te laat',
  reaction_due_soon: 'Reactie college verwacht binnenkort',
  commitment_overdue: 'Toezegging college over tijd',
};

export const agendaLabel: Record<AgendaKind, string> = {
  meeting: 'Plenaire vergadering',
  draft_ready: 'Concept gereed',
  due: 'Advies uiterlijk',
  reaction_expected: 'Reactie verwacht',
  commitment_due: 'Toezegging college',
};


/** A local date as `dd-mm-jjjj`. */
export function shortOf(d: Date): string {
  return `${pad2(d.getDate())}-${pad2(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/** A typed `dd-mm-jjjj` as a local date, or null while it is not a real one (31-02 is not).
 *  The core decides what is valid; this only serves the page's own hints and calendar. */
export function dateOfShort(short: string): Date | null {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(short.trim());
  if (!m) return null;
  const d = new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
  return d.getDate() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 ? d : null;
}

/** Today by the core's clock, as `dd-mm-jjjj`. */
export function todayShort(): string {
  return shortOf(now());
}

/** The weekday of a typed `dd-mm-jjjj` date (`dinsdag`), or '' while it is not a date. */
export function weekdayOfShort(short: string): string {
  const d = dateOfShort(short);
  return d ? (weekdays[d.getDay()] ?? '') : '';
}

/** Today by the core's clock, as `jjjj-mm-dd`. */
export function todayIso(): string {
  const d = now();
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export const scopeLabel: Record<SectionScope, string> = {
  opening: 'Inleiding',
  regional: 'Regionaal · gedeeld met de H9-raden',
  local: 'Lokaal',
  closing: 'Afsluiting',
  other: 'Overig',
};

/** `16:02:11` */
export function timeOfDay(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** `23 november 2026 om 16:02`, in the computer's time zone, from an RFC 3339 time stamp (the
 *  core sends UTC). */
export function dateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  return `${dayMonthYear(d)} om ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Colours per kind, each with at least 4.5:1 contrast against white text or the page. */
export const kindColor: Record<ItemKind, string> = {
  regional_policy: '#154273',
  councils_informed: '#6b3fa0',
  feedback_window: '#00715e',
  information_session: '#8a5a00',
  college_decision: '#a4001d',
  council_decision: '#7a1040',
  takes_effect: '#2d5a27',
  national: '#404040',
  deadline: '#b3261e',
  other: '#5a5a5a',
  request_due: '#c2410c',
  adopting_meeting: '#0e5fa8',
  draft_ready: '#0f766e',
  advice_sent: '#4d7c0f',
  reaction_expected: '#7c3aed',
  commitment_due: '#9d174d',
};

export const milestoneKinds: ItemKind[] = [
  'regional_policy', 'councils_informed', 'feedback_window', 'information_session', 'college_decision',
  'council_decision', 'takes_effect', 'national', 'deadline', 'other',
];

export const milestoneStatusLabel: Record<MilestoneStatus, string> = {
  planned: 'Gepland',
  done: 'Gedaan',
  moved: 'Verplaatst',
};

export const backupKindLabel: Record<BackupKind, string> = {
  daily: 'Dagelijks',
  before_migration: 'Vóór een update',
  before_restore: 'Vóór terugzetten',
  manual: 'Handmatig',
};

/** `1,4 MB` */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${decimal(bytes / 1024 / 1024)} MB`;
}

/** `1.234,5`: at most one decimal, none when it is 0, points between thousands. */
export function decimal(n: number): string {
  const tenths = Math.round(Math.abs(n) * 10);
  const whole = String(Math.floor(tenths / 10)).replace(/\B(?=(\d{3})+$)/g, '.');
  const rest = tenths % 10;
  return `${n < 0 && tenths > 0 ? '-' : ''}${whole}${rest ? `,${rest}` : ''}`;
}

/**
 * `title` cut to at most `max` characters at a word boundary, with `…`: whole words keep the
 * visible label part of the item's accessible name (WCAG 2.5.3, label in name).
 */
export function shorten(title: string, max: number): string {
  if (title.length <= max) return title;
  const room = title.slice(0, Math.max(1, max - 1));
  const space = room.lastIndexOf(' ');
  return `${(space > 0 ? room.slice(0, space) : room).trimEnd()}…`;
}

/** Alphabetical order of Dutch labels, accents and case aside (`Één` beside `Een`), without the
 *  engine's collator: its ICU data would be loaded for a legend of a dozen fixed labels. */
export function dutchOrder(a: string, b: string): number {
  const key = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
