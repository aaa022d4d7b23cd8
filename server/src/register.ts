import type { Core } from '@strapi/strapi';

import { registerGraphql } from './graphql';
import { registerStorefrontGraphql } from './graphql-storefront';

const register = ({ strapi }: { strapi: Core.Strapi }): void => {
  // The GraphQL schema is built in the graphql plugin's bootstrap: extensions must exist before it.
  registerGraphql(strapi);
  registerStorefrontGraphql(strapi);
};

export default register;
