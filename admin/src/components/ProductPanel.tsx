import { Flex, LinkButton, Typography } from '@strapi/design-system';
import { ExternalLink } from '@strapi/icons';

import { useControlPanel } from '../hooks/useControlPanel';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

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

/**
 * Edit-view side panel of a synced product: a link to its page in the BigCommerce control panel.
 * Other content types get no panel.
 */
export const ProductPanel = ({ model, document }: EditViewPanelProps) => {
  const t = useTranslate();
  const productId = Number(document?.bigcommerceId);
  if (model !== PRODUCT_UID || !Number.isInteger(productId) || productId <= 0) return null;
  return {
    title: t('cm.panel.title', 'BigCommerce product {id}', { id: productId }),
    content: <ProductLink productId={productId} />,
  };
};
