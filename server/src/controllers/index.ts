import catalog from './catalog';
import controlPanel from './control-panel';
import settings from './settings';
import storefront from './storefront';
import sync from './sync';
import webhooks from './webhooks';

export default {
  catalog,
  'control-panel': controlPanel,
  settings,
  storefront,
  sync,
  webhooks,
};
