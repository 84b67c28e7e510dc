// Start-up timing: each screen marks, once per run, the moment it first showed its data. These
// are standard User Timing marks that stay inside the page; the start-up benchmark reads them
// through WebDriver, so its figure is the app's own time and not the driver's polling.
import { tick } from 'svelte';

export async function markShown(screen: string): Promise<void> {
  const name = `shown:${screen}`;
  if (performance.getEntriesByName(name, 'mark').length > 0) return;
  await tick(); // after the DOM holds the data
  performance.mark(name);
}
