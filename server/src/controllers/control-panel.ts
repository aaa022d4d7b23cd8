import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { controlPanelLinks } from '../bigcommerce/control-panel';
import { getService } from '../utils/get-service';
import type { ControlPanelView } from '../../../shared/control-panel';

/** Links into the store's BigCommerce control panel (the Content Manager's "open in BigCommerce"). */
const controlPanel = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { storeHash } = await getService(strapi, 'settings').getConnection();
    const data: ControlPanelView = storeHash
      ? { storeHash, ...controlPanelLinks(storeHash) }
      : { storeHash: null, url: null, productUrl: null, channelsUrl: null };
    ctx.body = { data };
  },
});

export default controlPanel;
