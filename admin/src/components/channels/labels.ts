import type { ChannelChange } from '../../hooks/useChannels';
import type { Translate } from '../../hooks/useTranslate';
import type { Tone } from '../ToneBadge';

export const CHANNEL_STATUS_TONE: Record<string, Tone> = {
  active: 'success',
  connected: 'success',
  prelaunch: 'primary',
  inactive: 'neutral',
  disconnected: 'warning',
  archived: 'neutral',
  deleted: 'danger',
  terminated: 'danger',
};

export const channelLabels = (t: Translate) => {
  const routeType = (type: string) =>
    ({
      product: t('channels.routeType.product', 'Product'),
      brand: t('channels.routeType.brand', 'Brand'),
      category: t('channels.routeType.category', 'Category'),
      page: t('channels.routeType.page', 'Web page'),
      blog: t('channels.routeType.blog', 'Blog post'),
      home: t('channels.routeType.home', 'Home page'),
      cart: t('channels.routeType.cart', 'Cart'),
      checkout: t('channels.routeType.checkout', 'Checkout'),
      search: t('channels.routeType.search', 'Search'),
      account: t('channels.routeType.account', 'Account'),
      login: t('channels.routeType.login', 'Sign in'),
      returns: t('channels.routeType.returns', 'Returns'),
      static: t('channels.routeType.static', 'Static page'),
      create_account: t('channels.routeType.create_account', 'Create account'),
      forgot_password: t('channels.routeType.forgot_password', 'Forgot password'),
      account_order_status: t('channels.routeType.account_order_status', 'Order status'),
      account_new_return: t('channels.routeType.account_new_return', 'New return'),
      recover_abandoned_cart: t('channels.routeType.recover_abandoned_cart', 'Abandoned cart recovery'),
    })[type] ?? type;

  const status = (value: string) =>
    ({
      active: t('channels.status.active', 'Active'),
      prelaunch: t('channels.status.prelaunch', 'Pre-launch'),
      inactive: t('channels.status.inactive', 'Inactive'),
      connected: t('channels.status.connected', 'Connected'),
      disconnected: t('channels.status.disconnected', 'Disconnected'),
      archived: t('channels.status.archived', 'Archived'),
      deleted: t('channels.status.deleted', 'Deleted'),
      terminated: t('channels.status.terminated', 'Terminated'),
    })[value] ?? value;

  /** One write to BigCommerce in a sentence. */
  const change = (item: ChannelChange): string => {
    const from = String(item.from ?? '');
    const to = String(item.to ?? '');
    if (item.field === 'route') {
      const values = { type: routeType(item.type), matching: item.matching, from, to };
      const which = item.matching === '*' ? '' : t('channels.change.routeFor', ' (for {matching})', values);
      if (item.action === 'created') return t('channels.change.routeCreated', '{type} route added: {to}', values) + which;
      if (item.action === 'deleted') return t('channels.change.routeDeleted', '{type} route removed: {from}', values) + which;
      return t('channels.change.routeUpdated', '{type} route changed from {from} to {to}', values) + which;
    }
    const values = { from, to };
    switch (item.field) {
      case 'siteUrl':
        return item.action === 'created'
          ? t('channels.change.siteCreated', 'Site created at {to}', values)
          : t('channels.change.siteUpdated', 'Site URL changed from {from} to {to}', values);
      case 'checkoutUrl':
        if (item.action === 'created') return t('channels.change.checkoutCreated', 'Checkout URL set to {to}', values);
        if (item.action === 'deleted') return t('channels.change.checkoutDeleted', 'Custom checkout URL {from} removed', values);
        return t('channels.change.checkoutUpdated', 'Checkout URL changed from {from} to {to}', values);
      case 'allowGlobalLogins':
        return item.to
          ? t('channels.change.globalLoginsOn', 'Customers with a store-wide account can now sign in on this channel')
          : t('channels.change.globalLoginsOff', 'Customers with a store-wide account can no longer sign in on this channel');
      default:
        return t('channels.change.status', 'Channel status changed from {from} to {to}', { from: status(from), to: status(to) });
    }
  };

  return { routeType, status, change };
};
