// The sync status every screen can show, and a counter that goes up whenever other members'
// changes were taken in: screens that show stored data key on it and reload.
import { api } from './api';
import type { SyncStatus } from './bindings';

export const sync = $state<{ status: SyncStatus | null; generation: number }>({
  status: null,
  generation: 0,
});

let started = false;

/** Reads the status once and follows the app's background rounds from then on. */
export function followSync(): void {
  if (started) return;
  started = true;
  void refreshSync();
  void api.onSyncStatus((s) => (sync.status = s));
  void api.onSyncChanged((s) => {
    sync.status = s;
    sync.generation += 1;
  });
}

export async function refreshSync(): Promise<void> {
  try {
    sync.status = await api.syncStatus();
  } catch {
    // The status line is a convenience; the settings screen shows errors where they matter.
  }
}
