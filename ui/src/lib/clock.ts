// The app's time in the page. The core owns "now" (a clock the app and its tests set); the page
// learns it from `app_info` and keeps the difference with the browser's clock, so that a date a
// form proposes ("today") is the core's today, also when a test runs the app at another moment.

let offsetMs = 0;

/** Takes the core's current instant (RFC 3339). */
export function syncClock(coreNow: string): void {
  const t = Date.parse(coreNow);
  if (!Number.isNaN(t)) offsetMs = t - Date.now();
}

/** Now, by the core's clock. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}
