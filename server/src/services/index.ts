import client from './client';
import settings from './settings';
import sync from './sync';

export default {
  client,
  settings,
  sync,
};
