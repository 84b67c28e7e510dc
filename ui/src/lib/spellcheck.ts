// When the window holds the Dutch dictionary: while an editor is open, and until a while after
// the last one closed. The dictionary is hunspell-nl expanded in the window process (about 17 MB);
// the register, the planning and the letters do not need it. Loading it again takes about 50 ms
// in the window process, asked for after the editor has painted, so leaving the editors for a
// while and coming back costs the member nothing they would see.

/** How long after the last editor closed the dictionary is let go of: long enough that going
 *  from one request's advice to the next keeps it, short enough that a member who went on to the
 *  register or the planning gets the memory back while they work there. */
export const LET_GO_AFTER_MS = 20_000;

/** How long after an editor opened the dictionary is asked for: the text shows first. */
export const ASK_AFTER_MS = 200;

/** What the shell does: load the Dutch dictionary, or let go of it (each answers the
 *  dictionaries in use). */
export interface SpellcheckShell {
  load(): Promise<unknown>;
  letGo(): Promise<unknown>;
}

export interface Timers {
  set(f: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (f, ms) => setTimeout(f, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Counts the open editors and asks the shell to load or let go of the dictionary. A failure
 *  leaves the text without red underlines (or the dictionary held), which is not worth
 *  interrupting the user for. */
export class SpellcheckKeeper {
  private open = 0;
  private loaded = false;
  private asking: unknown = undefined;
  private lettingGo: unknown = undefined;

  constructor(
    private readonly shell: SpellcheckShell,
    private readonly timers: Timers = realTimers,
  ) {}

  editorOpened() {
    this.open += 1;
    if (this.lettingGo !== undefined) {
      this.timers.clear(this.lettingGo);
      this.lettingGo = undefined;
    }
    if (this.loaded || this.asking !== undefined) return;
    this.asking = this.timers.set(() => {
      this.asking = undefined;
      if (this.open === 0 || this.loaded) return;
      this.loaded = true;
      this.shell.load().catch((e: unknown) => console.warn('spellcheck', e));
    }, ASK_AFTER_MS);
  }

  editorClosed() {
    this.open = Math.max(0, this.open - 1);
    if (this.open > 0 || !this.loaded || this.lettingGo !== undefined) return;
    this.lettingGo = this.timers.set(() => {
      this.lettingGo = undefined;
      if (this.open > 0 || !this.loaded) return;
      this.loaded = false;
      this.shell.letGo().catch((e: unknown) => console.warn('spellcheck', e));
    }, LET_GO_AFTER_MS);
  }
}
