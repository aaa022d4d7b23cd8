import { ACTIONS } from '../permissions';

const can = (action: string) => ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }];

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/settings', handler: 'settings.find', config: { policies: can(ACTIONS.settingsRead) } },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: can(ACTIONS.settingsUpdate) } },
    {
      method: 'POST',
      path: '/settings/test-connection',
      handler: 'settings.testConnection',
      config: { policies: can(ACTIONS.settingsRead) },
    },
  ],
};
