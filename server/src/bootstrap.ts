import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS } from './permissions';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTION_DEFINITIONS);
};

export default bootstrap;
