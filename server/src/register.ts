import type { Core } from '@strapi/strapi';

import { registerGraphql } from './graphql';

const register = ({ strapi }: { strapi: Core.Strapi }): void => {
  // The GraphQL schema is built in the graphql plugin's bootstrap: extensions must exist before it.
  registerGraphql(strapi);
};

export default register;
