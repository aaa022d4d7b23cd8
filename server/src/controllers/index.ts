import settings from './settings';
import sync from './sync';

export default {
  settings,
  sync,
};
