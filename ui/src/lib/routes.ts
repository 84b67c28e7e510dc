// Hash routes, so the app works from the binary's own origin without a server.
export type Route =
  | { name: 'start' }
  | { name: 'register' }
  | { name: 'new' }
  /** `focus`: what a search hit opens on the page: `document:<id>` or `follow-up`. */
  | { name: 'request'; id: string; focus?: string }
  | { name: 'edit'; id: string }
  /** `section`: the section a search hit opens at. */
  | { name: 'advice'; id: string; section?: string }
  | { name: 'settings' }
  | { name: 'planning' }
  | { name: 'region' }
  | { name: 'report' }
  | { name: 'search'; query?: string }
  | { name: 'regionalText'; id: string };

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'register':
      return { name: 'register' };
    case 'nieuw':
      return { name: 'new' };
    case 'instellingen':
      return { name: 'settings' };
    case 'planning':
      return { name: 'planning' };
    case 'jaarverslag':
      return { name: 'report' };
    case 'zoeken':
      return parts[1] ? { name: 'search', query: parts[1] } : { name: 'search' };
    case 'regio':
      return parts[1] ? { name: 'regionalText', id: parts[1] } : { name: 'region' };
    case 'aanvraag':
      if (parts[1]) {
        if (parts[2] === 'bewerken') return { name: 'edit', id: parts[1] };
        if (parts[2] === 'advies') return parts[3] ? { name: 'advice', id: parts[1], section: parts[3] } : { name: 'advice', id: parts[1] };
        if (parts[2] === 'document' && parts[3]) return { name: 'request', id: parts[1], focus: `document:${parts[3]}` };
        if (parts[2] === 'na-advies') return { name: 'request', id: parts[1], focus: 'follow-up' };
        return { name: 'request', id: parts[1] };
      }
      return { name: 'register' };
    default:
      return { name: 'start' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'register':
      return '#/register';
    case 'new':
      return '#/nieuw';
    case 'settings':
      return '#/instellingen';
    case 'planning':
      return '#/planning';
    case 'region':
      return '#/regio';
    case 'report':
      return '#/jaarverslag';
    case 'regionalText':
      return `#/regio/${encodeURIComponent(route.id)}`;
    case 'search':
      return route.query ? `#/zoeken/${encodeURIComponent(route.query)}` : '#/zoeken';
    case 'request': {
      const base = `#/aanvraag/${encodeURIComponent(route.id)}`;
      if (route.focus === 'follow-up') return `${base}/na-advies`;
      if (route.focus?.startsWith('document:')) return `${base}/document/${encodeURIComponent(route.focus.slice(9))}`;
      return base;
    }
    case 'edit':
      return `#/aanvraag/${encodeURIComponent(route.id)}/bewerken`;
    case 'advice':
      return route.section
        ? `#/aanvraag/${encodeURIComponent(route.id)}/advies/${encodeURIComponent(route.section)}`
        : `#/aanvraag/${encodeURIComponent(route.id)}/advies`;
  }
}
