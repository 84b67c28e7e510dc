// Where a search hit opens: the request, the section of its advice, or the request's page at the
// document or the follow-up the words were found in.
import type { SearchHit } from './bindings';
import type { Route } from './routes';

export function routeOfHit(hit: SearchHit): Route {
  switch (hit.kind) {
    case 'section':
      return { name: 'advice', id: hit.requestId, section: hit.sourceId };
    case 'document':
      return { name: 'request', id: hit.requestId, focus: `document:${hit.sourceId}` };
    case 'reaction':
    case 'commitment':
      return { name: 'request', id: hit.requestId, focus: 'follow-up' };
    case 'request':
      return { name: 'request', id: hit.requestId };
  }
}
