import { upstreamErrors } from '../utils/errors';
import admin from './admin';
import contentApi from './content-api';

interface RouteLike {
  path: string;
  config?: { middlewares?: unknown[]; [key: string]: unknown };
}

/**
 * Every route of ours maps a BigCommerce failure the same way (utils/errors `upstreamError`), once, at the
 * route: a BigCommerce call that forgot to map its error can no longer answer a bare 500.
 */
const mappingUpstreamErrors = <R extends { routes: readonly RouteLike[] }>(
  router: R
): Omit<R, 'routes'> & { routes: Array<R['routes'][number] & { config: { middlewares: unknown[] } }> } => ({
  ...router,
  routes: router.routes.map((route) => ({ ...route, config: { ...route.config, middlewares: [upstreamErrors, ...(route.config?.middlewares ?? [])] } })),
});

export default {
  admin: mappingUpstreamErrors(admin),
  'content-api': mappingUpstreamErrors(contentApi),
};
