import client from './client';
import settings from './settings';

export default {
  client,
  settings,
};
