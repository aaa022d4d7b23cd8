import { Box, Divider, Flex, LinkButton, Typography } from '@strapi/design-system';
import { ExternalLink } from '@strapi/icons';

import { useCan } from '../hooks/useCan';
import { useProductListings, type ProductListing } from '../hooks/useChannels';
import { useControlPanel } from '../hooks/useControlPanel';
import { useTranslate, type Translate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import type { ListingState } from '../../../shared/channels';
import { ToneBadge, type Tone } from './ToneBadge';

const PRODUCT_UID = `plugin::${PLUGIN_ID}.product`;

/** What the Content Manager hands an edit-view side panel (the part of its context this panel reads). */
interface EditViewPanelProps {
  model: string;
  document?: Record<string, unknown>;
}

const ProductLink = ({ productId }: { productId: number }) => {
  const t = useTranslate();
  const links = useControlPanel();
  const href = links?.productUrl?.replace('{id}', String(productId));
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%">
      <Typography variant="pi" textColor="neutral600">
        {t('cm.panel.body', 'Price, stock, variants and the other synced fields are edited in BigCommerce; the next sync brings them here.')}
      </Typography>
      {href && (
        <LinkButton href={href} isExternal variant="secondary" size="S" fullWidth endIcon={<ExternalLink />}>
          {t('cm.panel.open', 'Open in BigCommerce')}
        </LinkButton>
      )}
    </Flex>
  );
};

/** A BigCommerce ListingState in words (channels.v3.yml), and its badge colour. */
const listingState = (t: Translate, listing: ProductListing): { label: string; tone: Tone } => {
  const labels: Record<ListingState, string> = {
    active: t('cm.listings.state.active', 'Listed'),
    disabled: t('cm.listings.state.disabled', 'Disabled'),
    deleted: t('cm.listings.state.deleted', 'Deleted'),
    error: t('cm.listings.state.error', 'Error'),
    pending: t('cm.listings.state.pending', 'Pending'),
    pending_disable: t('cm.listings.state.pending_disable', 'Being disabled'),
    pending_delete: t('cm.listings.state.pending_delete', 'Being deleted'),
    partially_rejected: t('cm.listings.state.partially_rejected', 'Partly rejected'),
    queued: t('cm.listings.state.queued', 'Queued'),
    rejected: t('cm.listings.state.rejected', 'Rejected'),
    submitted: t('cm.listings.state.submitted', 'Submitted'),
  };
  const label = labels[listing.state];
  const tone: Tone = !listing.listed ? 'danger' : listing.state === 'active' ? 'success' : 'primary';
  return { label, tone };
};

const ListingItem = ({ listing }: { listing: ProductListing }) => {
  const t = useTranslate();
  const state = listingState(t, listing);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex justifyContent="space-between" gap={2}>
        <Typography fontWeight="semiBold" textColor="neutral800">
          {listing.channelName ?? t('cm.listings.channel', 'Channel {id}', { id: listing.channelId })}
        </Typography>
        <ToneBadge tone={state.tone}>{state.label}</ToneBadge>
      </Flex>
      {listing.name !== null && (
        <Typography variant="pi" textColor="neutral700">
          {t('cm.listings.name', 'Sold there as “{name}”', { name: listing.name })}
        </Typography>
      )}
      {listing.ownDescription && (
        <Typography variant="pi" textColor="neutral700">
          {t('cm.listings.description', 'Has its own description there')}
        </Typography>
      )}
      {/* A disabled listing takes every variant off with it: the count says more only for a listed product. */}
      {listing.listed && listing.variantsDisabled > 0 && (
        <Typography variant="pi" textColor="neutral700">
          {t('cm.listings.variantsDisabled', '{disabled} of {total} variants disabled there', {
            disabled: listing.variantsDisabled,
            total: listing.variants,
          })}
        </Typography>
      )}
    </Flex>
  );
};

/** How each channel lists the product: its state, its own name and the variants it leaves out. */
const ProductListings = ({ productId }: { productId: number }) => {
  const t = useTranslate();
  const listings = useProductListings(productId);
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="bigcommerce-product-listings">
      <Typography variant="sigma" textColor="neutral600">
        {t('cm.listings.title', 'Channel listings')}
      </Typography>
      {listings.error ? (
        <Typography variant="pi" textColor="danger600">
          {t('cm.listings.failed', 'The listings could not be read: {error}', { error: listings.error })}
        </Typography>
      ) : listings.data === undefined ? (
        <Typography variant="pi" textColor="neutral600">
          {t('cm.listings.loading', 'Reading the listings…')}
        </Typography>
      ) : listings.data.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t('cm.listings.none', 'No channel lists this product separately: each channel it is on shows it as the catalog has it.')}
        </Typography>
      ) : (
        listings.data.map((listing) => <ListingItem key={listing.listingId} listing={listing} />)
      )}
    </Flex>
  );
};

/** The panel's body: the BigCommerce link, then the listings for admins who may see channels. */
const ProductPanelContent = ({ productId }: { productId: number }) => {
  const { allowed } = useCan(PERMISSIONS.channelsRead);
  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <ProductLink productId={productId} />
      {allowed && (
        <>
          <Box>
            <Divider />
          </Box>
          <ProductListings productId={productId} />
        </>
      )}
    </Flex>
  );
};

/**
 * Edit-view side panel of a synced product: a link to its page in the BigCommerce control panel, and how
 * each channel lists it (for admins with the Channels read permission). Other content types get no panel.
 */
export const ProductPanel = ({ model, document }: EditViewPanelProps) => {
  const t = useTranslate();
  const productId = Number(document?.bigcommerceId);
  if (model !== PRODUCT_UID || !Number.isInteger(productId) || productId <= 0) return null;
  return {
    title: t('cm.panel.title', 'BigCommerce product {id}', { id: productId }),
    content: <ProductPanelContent productId={productId} />,
  };
};
