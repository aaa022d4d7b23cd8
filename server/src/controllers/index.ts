import catalog from './catalog';
import settings from './settings';
import storefront from './storefront';
import sync from './sync';
import webhooks from './webhooks';

export default {
  catalog,
  settings,
  storefront,
  sync,
  webhooks,
};
