import type { Core } from '@strapi/strapi';

import { registerDocumentation } from './documentation';
import { registerGraphql } from './graphql';
import { CATALOG_OPERATIONS } from './operations/catalog';
import { createGraphqlInputLimits } from './graphql-limits';
import { registerStorefrontGraphql, STOREFRONT_FIELDS } from './graphql-storefront';
import { allowStoreImages } from './csp';
import { INPUT_GUARD } from './middlewares/input-guard';
import { registerPreview } from './preview';
import { renameLegacyCatalogActions } from './public-access';
import { registerCustomFields, withholdEditorActions } from './utils/content-manager';
import { singleCost } from './utils/graphql-cost';
import { trafficOf } from './utils/traffic';
import { LOG_PREFIX } from './utils/plugin-id';

type MiddlewareEntry = string | { name?: string; resolve?: string; config?: unknown };

/** Strapi's default stack, for an app without config/middlewares. */
const STRAPI_DEFAULT_MIDDLEWARES: MiddlewareEntry[] = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::session',
  'strapi::query',
  'strapi::body',
  'strapi::favicon',
  'strapi::public',
];

const entryName = (entry: MiddlewareEntry) => (typeof entry === 'string' ? entry : entry.name);

/**
 * Puts the input guard just before `strapi::body`, so that it reads our routes' bodies first (bounded)
 * and Strapi's error middleware, earlier in the stack, renders its refusals. An app that lists the guard
 * itself keeps its own placement.
 */
const placeInputGuard = (strapi: Core.Strapi): void => {
  const stack = (strapi.config.get('middlewares') as MiddlewareEntry[] | undefined) ?? STRAPI_DEFAULT_MIDDLEWARES;
  if (stack.some((entry) => entryName(entry) === INPUT_GUARD)) return;
  const body = stack.findIndex((entry) => entryName(entry) === 'strapi::body');
  if (body < 0) {
    strapi.log.warn(`${LOG_PREFIX} strapi::body is not in config/middlewares: add '${INPUT_GUARD}' before your body parser`);
    return;
  }
  strapi.config.set('middlewares', [...stack.slice(0, body), INPUT_GUARD, ...stack.slice(body)]);
};

const register = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  placeInputGuard(strapi);
  // Before Strapi's own middlewares are added (at bootstrap): it counts every storefront request, refused ones too.
  strapi.server.use(trafficOf(strapi).middleware);
  registerCustomFields(strapi);
  withholdEditorActions(strapi);
  registerPreview(strapi);
  allowStoreImages(strapi);
  // Before any plugin's bootstrap: users-permissions and admin delete permissions naming unknown actions there.
  strapi.hook('strapi::content-types.afterSync').register(() => renameLegacyCatalogActions(strapi));
  // The GraphQL schema is built in the graphql plugin's bootstrap: extensions must exist before it.
  const inputLimits = createGraphqlInputLimits(strapi, {
    ...Object.fromEntries(Object.values(CATALOG_OPERATIONS).map(({ field, cost }) => [field, cost])),
    ...Object.fromEntries(STOREFRONT_FIELDS.map((name) => [name, singleCost])),
  });
  registerGraphql(strapi, inputLimits);
  registerStorefrontGraphql(strapi, inputLimits);
  // The documentation plugin generates its document in its bootstrap: overrides must be in before it.
  await registerDocumentation(strapi);
};

export default register;
