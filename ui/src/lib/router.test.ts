import { describe, expect, it } from 'vitest';
import { href, parse, type Route } from './routes';

describe('routes', () => {
  it('round-trip through their hash', () => {
    const routes: Route[] = [
      { name: 'start' },
      { name: 'register' },
      { name: 'new' },
      { name: 'settings' },
      { name: 'planning' },
      { name: 'request', id: '01a2-x' },
      { name: 'edit', id: '01a2-x' },
      { name: 'advice', id: '01a2-x' },
      { name: 'advice', id: '01a2-x', section: 's-9' },
      { name: 'request', id: '01a2-x', focus: 'document:d 1/é' },
      { name: 'request', id: '01a2-x', focus: 'follow-up' },
      { name: 'search' },
      { name: 'search', query: 'wachtlijst "jeugd zorg"/2024' },
    ];
    for (const r of routes) expect(parse(href(r))).toEqual(r);
  });
  it('fall back to the start screen for unknown hashes', () => {
    expect(parse('#/onzin')).toEqual({ name: 'start' });
    expect(parse('')).toEqual({ name: 'start' });
  });
});
