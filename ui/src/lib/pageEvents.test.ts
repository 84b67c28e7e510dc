import { afterAll, describe, expect, it, vi } from 'vitest';
import type { PageEvent, SyncStatus } from './bindings';

// The shell answers `next_event` when it has something to tell: here the test answers by hand.
const answers: Array<(e: PageEvent) => void> = [];
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
invoke.mockImplementation((command: string) =>
  command === 'next_event'
    ? new Promise<PageEvent>((resolve) => answers.push(resolve))
    : Promise.reject(new Error(`unexpected ${command}`)),
);

const { api } = await import('./api');
const settle = () => new Promise((r) => setTimeout(r, 0));
const status = (summary: string) => ({ summary }) as SyncStatus;
const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
afterAll(() => quiet.mockRestore());

describe('what the shell tells the page unasked', () => {
  it('keeps one next_event asked and hands each answer to the screens that listen', async () => {
    const statuses: string[] = [];
    const changes: string[] = [];
    const stopStatus = await api.onSyncStatus((s) => statuses.push(s.summary));
    await api.onSyncChanged((s) => changes.push(s.summary));
    // A screen whose handler fails does not stop the others from hearing what comes next.
    await api.onCloseRequested(() => {
      throw new Error('kapot');
    });
    await settle();
    expect(answers).toHaveLength(1);

    answers[0]!({ kind: 'closeRequested' });
    await settle();
    expect(answers).toHaveLength(2);
    answers[1]!({ kind: 'syncStatus', status: status('2 wijzigingen nog niet in de map') });
    await settle();
    answers[2]!({ kind: 'syncChanged', status: status('Gesynchroniseerd') });
    await settle();
    expect(statuses).toEqual(['2 wijzigingen nog niet in de map']);
    expect(changes).toEqual(['Gesynchroniseerd']);
    expect(quiet).toHaveBeenCalledTimes(1);

    stopStatus();
    answers[3]!({ kind: 'syncStatus', status: status('later') });
    await settle();
    expect(statuses).toEqual(['2 wijzigingen nog niet in de map']);
    // Still exactly one asked, never more.
    expect(answers).toHaveLength(5);
    expect(invoke.mock.calls.every(([c]) => c === 'next_event')).toBe(true);
  });
});
