import catalog from './catalog';
import settings from './settings';
import sync from './sync';
import webhooks from './webhooks';

export default {
  catalog,
  settings,
  sync,
  webhooks,
};
