/**
 * `tsx tests/browser/lib/capture.ts [name=path ...]`: logs into a running demo (`npm run demo`) and
 * screenshots the plugin's settings panels into tests/output/screenshots, to look at by eye.
 * BASE_URL, DEMO_ADMIN_EMAIL and DEMO_ADMIN_PASSWORD override the demo's defaults.
 */
import { openAdmin, screenshot, visit } from './admin';

const PANELS: Record<string, string> = {
  connection: '/settings/bigcommerce/connection',
  channels: '/settings/bigcommerce/channels',
  sync: '/settings/bigcommerce/sync',
  webhooks: '/settings/bigcommerce/webhooks',
  redirects: '/settings/bigcommerce/redirects',
};

const main = async () => {
  const wanted = process.argv.slice(2);
  const panels = wanted.length
    ? Object.fromEntries(wanted.map((arg) => (arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, PANELS[arg]])))
    : PANELS;
  const session = await openAdmin({
    baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:1337',
    email: process.env.DEMO_ADMIN_EMAIL ?? 'admin@example.com',
    password: process.env.DEMO_ADMIN_PASSWORD ?? 'Demo-Passw0rd',
  });
  try {
    for (const [name, adminPath] of Object.entries(panels)) {
      if (!adminPath) throw new Error(`Unknown panel ${name}: give name=/admin/path`);
      await visit(session.page, session.baseUrl, adminPath);
      // Let polled data and transitions settle before the picture.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      console.log(await screenshot(session.page, name));
    }
  } finally {
    await session.close();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
