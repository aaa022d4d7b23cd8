// GraphQL Storefront API tokens v3: storefront (browser, CORS origins), private (server-to-server,
// with scopes) and customer-impersonation tokens, all answering 200 {data: {token}}; DELETE
// revokes the token sent in the Sf-Api-Token header.
import { SCOPES } from '../auth';
import { single } from '../http';
import type { RouteDef, RouteEnv } from './types';

export function storefrontTokenRoutes({ store }: RouteEnv): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/storefront/api-token',
      scope: SCOPES.storefrontTokens,
      handler: (req) => single({ token: store.storefrontTokens.createStorefrontToken('storefront', req.body) }),
    },
    {
      method: 'POST',
      url: '/storefront/api-token-private',
      scope: SCOPES.storefrontTokens,
      handler: (req) => single({ token: store.storefrontTokens.createStorefrontToken('private', req.body) }),
    },
    {
      method: 'POST',
      url: '/storefront/api-token-customer-impersonation',
      scope: SCOPES.storefrontImpersonation,
      handler: (req) => single({ token: store.storefrontTokens.createStorefrontToken('customer_impersonation', req.body) }),
    },
    {
      method: 'DELETE',
      url: '/storefront/api-token',
      scope: SCOPES.storefrontTokens,
      handler: (req, reply) => {
        const h = req.headers['sf-api-token'];
        store.storefrontTokens.revokeStorefrontToken(typeof h === 'string' ? h : undefined);
        return reply.code(200).send();
      },
    },
  ];
}
