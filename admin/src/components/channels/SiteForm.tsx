import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, Field, Flex, Grid, Toggle, Typography } from '@strapi/design-system';
import { Check, Magic } from '@strapi/icons';

import { useAction } from '../../hooks/useAction';
import { appliedBeforeError, useChannelActions, type ChannelDetail, type SiteDefaults, type SiteRoute } from '../../hooks/useChannels';
import { useTranslate } from '../../hooks/useTranslate';
import { errorMessage, fieldErrors } from '../../utils/api';
import { Section } from '../Section';
import { TextField } from '../TextField';
import { RoutesTable } from './RoutesTable';
import { SaveResult, type SaveOutcome } from './SaveResult';

interface SiteFormProps {
  channel: ChannelDetail;
  /** False without the manage permission: every field is then read-only. */
  editable: boolean;
  onSaved: () => void;
}

interface FormState {
  siteUrl: string;
  checkoutUrl: string;
  /** `null` while BigCommerce's default applies and nobody has chosen. */
  allowGlobalLogins: boolean | null;
  routes: SiteRoute[];
}

const toForm = (channel: ChannelDetail): FormState => ({
  siteUrl: channel.site?.url ?? '',
  checkoutUrl: channel.site?.checkoutUrl ?? '',
  allowGlobalLogins: channel.allowGlobalLogins,
  routes: channel.routes.map(({ id, type, matching, route }) => ({ id, type, matching, route })),
});

/** Routes for the types the list lacks (BigCommerce's own first, then the defaults for the rest). */
const withDefaults = (routes: SiteRoute[], defaults: SiteDefaults): SiteRoute[] => [
  ...routes,
  ...defaults.routes
    .filter((candidate) => !routes.some((route) => route.type === candidate.type))
    .map(({ type, matching, route }) => ({ type, matching, route })),
];

// The server's checks, run first so that a typo never reaches BigCommerce.
const HTTP_URL = /^https?:\/\/[^\s/]+[^\s]*$/i;
const HTTPS_URL = /^https:\/\/[^\s/]+[^\s]*$/i;

/** A channel's site: its URL, checkout URL, customer login setting and routes, saved to BigCommerce together. */
export const SiteForm = ({ channel, editable, onSaved }: SiteFormProps) => {
  const t = useTranslate();
  const actions = useChannelActions();
  const { pending, run } = useAction();
  const [form, setForm] = useState<FormState>(() => toForm(channel));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  // A site's missing route types are offered with the defaults for its URL, as new rows.
  useEffect(() => {
    const initial = toForm(channel);
    setForm(initial);
    setErrors({});
    if (!channel.site) return;
    let current = true;
    void actions
      .siteDefaults(channel.site.url)
      .then((defaults) => current && setForm((form) => ({ ...form, routes: withDefaults(form.routes, defaults) })))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [channel, actions.siteDefaults]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  /** Every "All items" route set to the default for the typed URL; routes for one item are kept. */
  const fillDefaults = async () => {
    if (!HTTP_URL.test(form.siteUrl.trim())) {
      setErrors({ siteUrl: t('channels.site.url.invalid', "Enter the storefront's full URL, such as https://shop.example.com.") });
      return;
    }
    const defaults = await run(
      'defaults',
      () => actions.siteDefaults(form.siteUrl.trim()),
      undefined,
      (err) => setErrors(fieldErrors(err))
    );
    if (!defaults) return;
    setErrors({});
    setForm((previous) => {
      const routes = previous.routes.map((route) => {
        const suggestion = route.matching === '*' && defaults.routes.find((candidate) => candidate.type === route.type);
        return suggestion ? { ...route, route: suggestion.route } : route;
      });
      return { ...previous, checkoutUrl: previous.checkoutUrl || defaults.checkoutUrl, routes: withDefaults(routes, defaults) };
    });
  };

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!HTTP_URL.test(form.siteUrl.trim()))
      found.siteUrl = t('channels.site.url.invalid', "Enter the storefront's full URL, such as https://shop.example.com.");
    if (form.checkoutUrl.trim() && !HTTPS_URL.test(form.checkoutUrl.trim()))
      found.checkoutUrl = t('channels.site.checkout.invalid', 'Enter a full https URL, such as https://checkout.shop.example.com, or leave it empty.');
    form.routes.forEach((route, index) => {
      if (!route.route.trim().startsWith('/'))
        found[`routes.${index}.route`] = t('channels.routes.invalid', 'Start with / (BigCommerce adds it to the site URL).');
    });
    return found;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setOutcome(null);
    if (Object.keys(found).length) return;
    const initial = toForm(channel);
    const checkoutUrl = form.checkoutUrl.trim() || null;
    const result = await run(
      'save',
      () =>
        actions.update(channel.id, {
          siteUrl: form.siteUrl.trim(),
          routes: form.routes.map(({ type, matching, route }) => ({ type, matching, route: route.trim() })),
          ...(checkoutUrl !== (initial.checkoutUrl || null) ? { checkoutUrl } : {}),
          ...(form.allowGlobalLogins !== null && form.allowGlobalLogins !== initial.allowGlobalLogins ? { allowGlobalLogins: form.allowGlobalLogins } : {}),
        }),
      undefined,
      (err) => {
        setErrors(fieldErrors(err));
        setOutcome({ ok: false, message: errorMessage(err), applied: appliedBeforeError(err) });
        return true;
      }
    );
    if (result) {
      setOutcome({ ok: true, changes: result.changes });
      onSaved();
    }
  };

  const routeErrors = Object.fromEntries(
    Object.entries(errors)
      .map(([key, message]) => [Number(/^routes\.(\d+)\./.exec(key)?.[1]), message] as const)
      .filter(([index]) => !Number.isNaN(index))
  );

  return (
    <form onSubmit={save} noValidate>
      <Flex direction="column" alignItems="stretch" gap={6}>
        {outcome && <SaveResult outcome={outcome} onClose={() => setOutcome(null)} />}
        <Section
          title={t('channels.site.title', 'Site of {name} (channel {id})', { name: channel.name, id: channel.id })}
          actions={
            editable && (
              <Button type="submit" size="S" startIcon={<Check />} loading={pending === 'save'}>
                {t('channels.site.save', 'Save to BigCommerce')}
              </Button>
            )
          }
        >
          <Grid.Root gap={5}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <TextField
                name="siteUrl"
                type="url"
                label={t('channels.site.url', 'Site URL')}
                value={form.siteUrl}
                onChange={(value) => set('siteUrl', value)}
                error={errors.siteUrl}
                disabled={!editable}
                required
                placeholder="https://shop.example.com"
                hint={t(
                  'channels.site.url.hint',
                  "The storefront's address. BigCommerce builds its links (emails, sitemaps, redirects) from it and the routes below."
                )}
              />
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <TextField
                name="checkoutUrl"
                type="url"
                label={t('channels.site.checkout', 'Checkout URL')}
                value={form.checkoutUrl}
                onChange={(value) => set('checkoutUrl', value)}
                error={errors.checkoutUrl}
                disabled={!editable}
                placeholder="https://checkout.shop.example.com"
                hint={t('channels.site.checkout.hint', "Optional. Empty: checkout runs on the store's default domain.")}
              />
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root
                name="allowGlobalLogins"
                hint={t(
                  'channels.site.globalLogins.hint',
                  'Lets customers whose account is shared by all channels sign in on this storefront. Shopper login through Strapi checks credentials per channel, so leave it on unless each channel has its own customers.'
                )}
              >
                <Field.Label>{t('channels.site.globalLogins', 'Store-wide customer accounts can sign in')}</Field.Label>
                <Toggle
                  onLabel={t('channels.site.yes', 'Yes')}
                  offLabel={t('channels.site.no', 'No')}
                  checked={form.allowGlobalLogins}
                  disabled={!editable}
                  onChange={(event) => set('allowGlobalLogins', event.currentTarget.checked)}
                />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Box background="neutral100" padding={4} hasRadius>
                <Typography variant="omega" fontWeight="bold" tag="p">
                  {t('channels.site.safari.title', "Why checkout should share the storefront's domain")}
                </Typography>
                <Typography variant="pi" textColor="neutral700" tag="p">
                  {t(
                    'channels.site.safari.body',
                    "Safari blocks cookies that one site sets for another (Intelligent Tracking Prevention). A checkout on checkout.shop.example.com belongs to the same site as shop.example.com, so the cart and the shopper's login survive the hop to checkout; on the store's mybigcommerce.com domain, Safari may drop them."
                  )}
                </Typography>
              </Box>
            </Grid.Item>
          </Grid.Root>
        </Section>
        <Section
          title={t('channels.routes.title', 'Routes')}
          description={t(
            'channels.routes.description',
            'Where each kind of page lives on the storefront. BigCommerce fills in {slug} and {id} for each item when it links to one.',
            { slug: '{slug}', id: '{id}' }
          )}
          actions={
            editable && (
              <Button variant="secondary" size="S" startIcon={<Magic />} onClick={fillDefaults} loading={pending === 'defaults'}>
                {t('channels.routes.defaults', 'Fill in defaults from the site URL')}
              </Button>
            )
          }
        >
          {form.routes.length ? (
            <RoutesTable
              siteUrl={form.siteUrl}
              routes={form.routes}
              errors={routeErrors}
              disabled={!editable}
              onChange={(index, route) =>
                set(
                  'routes',
                  form.routes.map((item, position) => (position === index ? { ...item, route } : item))
                )
              }
            />
          ) : (
            <Typography textColor="neutral600">{t('channels.routes.none', 'No routes yet. Enter the site URL, then fill in the defaults.')}</Typography>
          )}
        </Section>
      </Flex>
    </form>
  );
};
