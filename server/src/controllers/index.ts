import catalog from './catalog';
import settings from './settings';
import sync from './sync';

export default {
  catalog,
  settings,
  sync,
};
