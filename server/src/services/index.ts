import catalogRead from './catalog-read';
import client from './client';
import settings from './settings';
import sync from './sync';

export default {
  'catalog-read': catalogRead,
  client,
  settings,
  sync,
};
