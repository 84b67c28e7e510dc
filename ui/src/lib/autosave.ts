// When to save a section while someone writes: soon after they stop typing, and never later
// than `maxWaitMs` after the first unsaved change, so text reaches the database within two
// seconds even during non-stop typing. One save at a time; "saved" is reported only after the
// save's promise resolved, i.e. after the core committed. A pause of `pauseMs` (or leaving the
// editor) asks the core to keep a revision.

import { now as clockNow } from './clock';

export type SaveState =
  | { kind: 'saved'; at: Date | null }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string };

export interface AutosaveOptions {
  /** Saves the editor's current text; `checkpoint` asks for a revision. */
  save: (checkpoint: boolean) => Promise<unknown>;
  onState: (state: SaveState) => void;
  idleMs?: number;
  maxWaitMs?: number;
  pauseMs?: number;
  now?: () => number;
}

export class Autosaver {
  private dirtySince: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pauseTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private savedSinceCheckpoint = false;
  private failed = false;
  private readonly idleMs: number;
  private readonly maxWaitMs: number;
  private readonly pauseMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: AutosaveOptions) {
    this.idleMs = opts.idleMs ?? 600;
    this.maxWaitMs = opts.maxWaitMs ?? 1500;
    this.pauseMs = opts.pauseMs ?? 20_000;
    this.now = opts.now ?? (() => clockNow().getTime());
  }

  get dirty(): boolean {
    return this.dirtySince !== null;
  }

  /** The text changed. */
  changed(): void {
    this.dirtySince ??= this.now();
    this.failed = false;
    if (!this.inFlight) this.opts.onState({ kind: 'pending' });
    this.schedule();
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => void this.flush(true), this.pauseMs);
  }

  /** Saves now if anything is unsaved (and, with `checkpoint`, keeps a revision). */
  async flush(checkpoint = false): Promise<void> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    if (this.dirty || (checkpoint && this.savedSinceCheckpoint)) await this.run(checkpoint);
  }

  /** Tries again after a failed save. */
  retry(): Promise<void> {
    this.failed = false;
    return this.flush();
  }

  dispose(): void {
    this.clearTimer();
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule() {
    this.clearTimer();
    if (this.inFlight || this.dirtySince === null || this.failed) return;
    const deadline = this.dirtySince + this.maxWaitMs - this.now();
    this.timer = setTimeout(() => void this.run(false), Math.max(0, Math.min(this.idleMs, deadline)));
  }

  private run(checkpoint: boolean): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.clearTimer();
    const startedDirty = this.dirtySince;
    this.dirtySince = null;
    this.opts.onState({ kind: 'saving' });
    this.inFlight = (async () => {
      try {
        await this.opts.save(checkpoint);
        this.savedSinceCheckpoint = !checkpoint;
        this.opts.onState(this.dirtySince === null ? { kind: 'saved', at: new Date(this.now()) } : { kind: 'pending' });
      } catch (e) {
        // The text is still unsaved: keep it dirty from when it first was.
        if (startedDirty !== null) this.dirtySince = Math.min(this.dirtySince ?? startedDirty, startedDirty);
        else this.dirtySince ??= this.now();
        this.failed = true;
        this.opts.onState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      } finally {
        this.inFlight = null;
      }
      this.schedule();
    })();
    return this.inFlight;
  }
}
