// The current route as reactive state, following the window's hash.
import { parse, href, type Route } from './routes';

export { href, type Route };

class Router {
  current = $state<Route>(parse(location.hash));
  constructor() {
    addEventListener('hashchange', () => (this.current = parse(location.hash)));
  }
  go(route: Route) {
    location.hash = href(route);
  }
}

export const router = new Router();
