import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASK_AFTER_MS, LET_GO_AFTER_MS, SpellcheckKeeper } from './spellcheck';

describe('the Dutch dictionary', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const calls: string[] = [];
    const keeper = new SpellcheckKeeper({
      load: () => (calls.push('load'), Promise.resolve()),
      letGo: () => (calls.push('letGo'), Promise.resolve()),
    });
    return { keeper, calls };
  }

  it('is loaded once an editor has shown, not before', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS);
    expect(calls).toEqual(['load']);
  });

  it('is loaded once for two editors on one screen', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS * 5);
    expect(calls).toEqual(['load']);
  });

  it('is let go of a while after the last editor closed', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS);
    keeper.editorClosed();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS * 2);
    expect(calls).toEqual(['load']);
    keeper.editorClosed();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS - 1);
    expect(calls).toEqual(['load']);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['load', 'letGo']);
  });

  it('is kept when the next request’s editor opens before the while is over', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS);
    keeper.editorClosed();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS / 2);
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS * 2);
    expect(calls).toEqual(['load']);
  });

  it('is loaded again when an editor opens after it was let go of', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS);
    keeper.editorClosed();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS);
    keeper.editorOpened();
    await vi.advanceTimersByTimeAsync(ASK_AFTER_MS);
    expect(calls).toEqual(['load', 'letGo', 'load']);
  });

  it('is never loaded for an editor closed before it showed', async () => {
    const { keeper, calls } = setup();
    keeper.editorOpened();
    keeper.editorClosed();
    await vi.advanceTimersByTimeAsync(LET_GO_AFTER_MS * 2);
    expect(calls).toEqual([]);
  });
});
