// Hash routes, so the app works from the binary's own origin without a server.
export type Route =
  | { name: 'start' }
  | { name: 'register' }
  | { name: 'new' }
  | { name: 'request'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'advice'; id: string }
  | { name: 'settings' }
  | { name: 'planning' }
  | { name: 'region' }
  | { name: 'report' }
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
    case 'regio':
      return parts[1] ? { name: 'regionalText', id: parts[1] } : { name: 'region' };
    case 'aanvraag':
      if (parts[1]) {
        if (parts[2] === 'bewerken') return { name: 'edit', id: parts[1] };
        if (parts[2] === 'advies') return { name: 'advice', id: parts[1] };
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
    case 'request':
      return `#/aanvraag/${encodeURIComponent(route.id)}`;
    case 'edit':
      return `#/aanvraag/${encodeURIComponent(route.id)}/bewerken`;
    case 'advice':
      return `#/aanvraag/${encodeURIComponent(route.id)}/advies`;
  }
}
