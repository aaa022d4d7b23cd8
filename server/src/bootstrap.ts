import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS } from './permissions';
import { grantPublicCatalog } from './public-access';
import { configureContentManager } from './utils/content-manager';
import { getService } from './utils/get-service';
import { startSearchIndexes } from './utils/search-index';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }): Promise<void> => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTION_DEFINITIONS);
  await configureContentManager(strapi);
  await getService(strapi, 'sync').applySchedule();
  getService(strapi, 'sync').startRecovery();
  await grantPublicCatalog(strapi);
  await getService(strapi, 'webhooks').bootstrap();
  startSearchIndexes(strapi);
};

export default bootstrap;
