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

/** A Dutch date format, made when first used: making one costs the engine milliseconds, and all
 *  of them at load took about 10 ms of the window's start (measured with User Timing marks). */
export function lazyFormat(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let made: Intl.DateTimeFormat | undefined;
  return () => (made ??= new Intl.DateTimeFormat('nl-NL', options));
}

const longDate = lazyFormat({ day: 'numeric', month: 'long', year: 'numeric' });
const weekday = lazyFormat({ weekday: 'short' });

function parseIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** `23 november 2026` */
export function dateLong(iso: string | null | undefined): string {
  return iso ? longDate().format(parseIso(iso)) : '—';
}

/** `ma 23 november 2026` */
export function dateWithDay(iso: string): string {
  const d = parseIso(iso);
  return `${weekday().format(d)} ${longDate().format(d)}`;
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

const pad2 = (n: number) => String(n).padStart(2, '0');

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
  return d ? weekdayLong().format(d) : '';
}
const weekdayLong = lazyFormat({ weekday: 'long' });

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

const clock = lazyFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const stamp = lazyFormat({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** `16:02:11` */
export function timeOfDay(d: Date): string {
  return clock().format(d);
}

/** `23 november 2026 16:02`, from an RFC 3339 time stamp. */
export function stampLong(rfc3339: string): string {
  return stamp().format(new Date(rfc3339));
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

/** `23 november 2026 om 14:05`, in the computer's time zone (the core sends UTC). */
export function dateTime(utc: string): string {
  return stampLong(utc).replace(',', ' om');
}

export const backupKindLabel: Record<BackupKind, string> = {
  daily: 'Dagelijks',
  before_migration: 'Vóór een update',
  before_restore: 'Vóór terugzetten',
  manual: 'Handmatig',
};

/** `1,4 MB` */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / 1024 / 1024).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;
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
