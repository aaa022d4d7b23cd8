// No imports: the admin bundle uses this too, to show the name BigCommerce will get.

/** BigCommerce allows Latin letters, digits, dashes and underscores in a channel name (channels.v3.yml). */
export const channelNameSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
