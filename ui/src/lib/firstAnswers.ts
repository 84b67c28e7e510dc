// The first screen's answers, asked for as the code loads rather than once the window is drawn:
// the window mounts with them in hand, so its first frame already shows the data. Measured on
// the start-up bench: drawing a frame without data first, then the answers, cost a frame of
// software rendering and the wait for the app's info before the start screen could ask.
import { api } from './api';
import type { AppInfo, Upcoming } from './bindings';
import { router } from './router.svelte';

let info: Promise<AppInfo> | null = api.appInfo();
let upcoming: Promise<Upcoming> | null = router.current.name === 'start' ? api.upcoming() : null;
// A refusal (a damaged database) is not kept: the window shows it, and asks afresh after
// recovery.
info.catch(() => (info = null));
upcoming?.catch(() => (upcoming = null));

/** The app's info: the answer asked for at load the first time, a fresh one after. */
export function appInfo(): Promise<AppInfo> {
  const asked = info ?? api.appInfo();
  info = null;
  return asked;
}

/** The start screen's first data: the answer asked for at load the first time, a fresh one after. */
export function upcomingFirst(): Promise<Upcoming> {
  const asked = upcoming ?? api.upcoming();
  upcoming = null;
  return asked;
}

/** Settles once the answers asked for at load are in, or after `ms` (a database that takes
 *  long to open, an upgrade's migrations): then the window shows that it is loading. */
export function answered(ms: number): Promise<unknown> {
  return Promise.race([Promise.allSettled([info, upcoming]), new Promise((r) => setTimeout(r, ms))]);
}
