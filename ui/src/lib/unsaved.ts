// Everything on screen that may hold unsaved text registers how to save it, so that closing
// the window (or leaving a screen) can wait until it is in the database.
type Flusher = () => Promise<void>;
const flushers = new Set<Flusher>();

export function holdsUnsaved(flush: Flusher): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Saves everything registered; gives up waiting after `timeoutMs` (the caller closes anyway). */
export async function saveEverything(timeoutMs = 2500): Promise<void> {
  const all = Promise.allSettled([...flushers].map((f) => f()));
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
}
