import { ACTIONS } from '../permissions';

const can = (action: string) => ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }];

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/settings', handler: 'settings.find', config: { policies: can(ACTIONS.settingsRead) } },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: can(ACTIONS.settingsUpdate) } },
    { method: 'POST', path: '/settings/test-connection', handler: 'settings.testConnection', config: { policies: can(ACTIONS.settingsRead) } },
    { method: 'POST', path: '/sync', handler: 'sync.start', config: { policies: can(ACTIONS.syncTrigger) } },
    { method: 'GET', path: '/sync/runs', handler: 'sync.listRuns', config: { policies: can(ACTIONS.syncRead) } },
    { method: 'GET', path: '/sync/runs/:id', handler: 'sync.findRun', config: { policies: can(ACTIONS.syncRead) } },
    { method: 'POST', path: '/sync/runs/:id/cancel', handler: 'sync.cancel', config: { policies: can(ACTIONS.syncTrigger) } },
    { method: 'GET', path: '/sync/schedule', handler: 'sync.getSchedule', config: { policies: can(ACTIONS.syncRead) } },
    { method: 'PUT', path: '/sync/schedule', handler: 'sync.setSchedule', config: { policies: can(ACTIONS.syncTrigger) } },
    { method: 'GET', path: '/webhooks', handler: 'webhooks.status', config: { policies: can(ACTIONS.webhooksRead) } },
    { method: 'POST', path: '/webhooks/register', handler: 'webhooks.register', config: { policies: can(ACTIONS.webhooksManage) } },
    { method: 'POST', path: '/webhooks/health-check', handler: 'webhooks.healthCheck', config: { policies: can(ACTIONS.webhooksManage) } },
    { method: 'GET', path: '/webhooks/events', handler: 'webhooks.listEvents', config: { policies: can(ACTIONS.webhooksRead) } },
    { method: 'POST', path: '/webhooks/events/:id/replay', handler: 'webhooks.replay', config: { policies: can(ACTIONS.webhooksManage) } },
    // Fixed paths before /channels/:id and /redirects/:id, which would otherwise take them.
    { method: 'GET', path: '/channels', handler: 'channels.list', config: { policies: can(ACTIONS.channelsRead) } },
    { method: 'POST', path: '/channels', handler: 'channels.create', config: { policies: can(ACTIONS.channelsManage) } },
    { method: 'GET', path: '/channels/site-defaults', handler: 'channels.siteDefaults', config: { policies: can(ACTIONS.channelsRead) } },
    { method: 'PUT', path: '/channels/served', handler: 'channels.setServed', config: { policies: can(ACTIONS.channelsManage) } },
    { method: 'GET', path: '/channels/:id', handler: 'channels.find', config: { policies: can(ACTIONS.channelsRead) } },
    { method: 'PUT', path: '/channels/:id', handler: 'channels.update', config: { policies: can(ACTIONS.channelsManage) } },
    { method: 'GET', path: '/redirects', handler: 'redirects.list', config: { policies: can(ACTIONS.redirectsRead) } },
    { method: 'POST', path: '/redirects', handler: 'redirects.create', config: { policies: can(ACTIONS.redirectsManage) } },
    { method: 'GET', path: '/redirects/sites', handler: 'redirects.sites', config: { policies: can(ACTIONS.redirectsRead) } },
    { method: 'GET', path: '/redirects/:id', handler: 'redirects.find', config: { policies: can(ACTIONS.redirectsRead) } },
    { method: 'PUT', path: '/redirects/:id', handler: 'redirects.update', config: { policies: can(ACTIONS.redirectsManage) } },
    { method: 'DELETE', path: '/redirects/:id', handler: 'redirects.remove', config: { policies: can(ACTIONS.redirectsManage) } },
    { method: 'GET', path: '/control-panel', handler: 'control-panel.find', config: { policies: can(ACTIONS.controlPanelRead) } },
    {
      method: 'POST',
      path: '/customers/:customerId/sessions/revoke',
      handler: 'customers.revokeSessions',
      config: { policies: can(ACTIONS.customerSessionsRevoke) },
    },
  ],
};
