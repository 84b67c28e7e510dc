import { describe, expect, it } from 'vitest';
import type { SearchHit } from './bindings';
import { routeOfHit } from './search';
import { href } from './routes';

const hit = (kind: SearchHit['kind'], sourceId: string): SearchHit => ({
  kind,
  kindLabel: '',
  requestId: 'r1',
  subject: 'Wmo',
  title: '',
  sourceId,
  page: null,
  year: 2026,
  confidential: false,
  snippet: [],
});

describe('a search hit', () => {
  it('opens where its words were found', () => {
    expect(href(routeOfHit(hit('section', 's1')))).toBe('#/aanvraag/r1/advies/s1');
    expect(href(routeOfHit(hit('document', 'd1')))).toBe('#/aanvraag/r1/document/d1');
    expect(href(routeOfHit(hit('reaction', 'r1')))).toBe('#/aanvraag/r1/na-advies');
    expect(href(routeOfHit(hit('commitment', 'c1')))).toBe('#/aanvraag/r1/na-advies');
    expect(href(routeOfHit(hit('request', 'r1')))).toBe('#/aanvraag/r1');
  });
});
