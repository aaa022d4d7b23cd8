import catalog from './catalog';
import channels from './channels';
import controlPanel from './control-panel';
import customers from './customers';
import redirects from './redirects';
import settings from './settings';
import storefront from './storefront';
import sync from './sync';
import webhooks from './webhooks';

export default {
  catalog,
  channels,
  'control-panel': controlPanel,
  customers,
  redirects,
  settings,
  storefront,
  sync,
  webhooks,
};
