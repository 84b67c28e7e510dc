import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from './autosave';

describe('autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(save: (checkpoint: boolean) => Promise<unknown>) {
    const states: SaveState['kind'][] = [];
    const a = new Autosaver({ save, onState: (s) => states.push(s.kind), now: () => Date.now() });
    return { a, states };
  }

  it('saves within two seconds even while the writer never stops typing', async () => {
    const save = vi.fn(() => Promise.resolve());
    const { a } = setup(save);
    for (let t = 0; t < 1900; t += 100) {
      a.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save).toHaveBeenCalled();
  });

  it('says saved only after the save resolved', async () => {
    let resolve!: () => void;
    const { a, states } = setup(() => new Promise<void>((r) => (resolve = r)));
    a.changed();
    await vi.advanceTimersByTimeAsync(700);
    expect(states).toEqual(['pending', 'saving']);
    resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('saved');
  });

  it('never says saved after a failed save, and keeps the text unsaved', async () => {
    const { a, states } = setup(() => Promise.reject(new Error('De schijf is vol')));
    a.changed();
    await vi.advanceTimersByTimeAsync(2000);
    expect(states).not.toContain('saved');
    expect(states.at(-1)).toBe('error');
    expect(a.dirty).toBe(true);
  });

  it('saves changes made during a save in a next save', async () => {
    const resolvers: (() => void)[] = [];
    const save = vi.fn(() => new Promise<void>((r) => resolvers.push(r)));
    const { a, states } = setup(save);
    a.changed();
    await vi.advanceTimersByTimeAsync(700);
    a.changed(); // while the first save is in flight
    resolvers[0]!();
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(2);
    resolvers[1]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('saved');
  });

  it('asks for a revision after a pause in writing', async () => {
    const save = vi.fn((_checkpoint: boolean) => Promise.resolve());
    const { a } = setup(save);
    a.changed();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(save.mock.calls.map((c) => c[0])).toEqual([false, true]);
  });
});
