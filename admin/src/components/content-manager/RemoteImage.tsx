import { Flex, Typography } from '@strapi/design-system';
import { Image as ImageIcon } from '@strapi/icons';
import { useState } from 'react';

/** The file name at the end of an image URL (`…/cork-notebook-1__10007.jpg?c=1` → `cork-notebook-1__10007.jpg`). */
const fileName = (url: string) => decodeURIComponent(url.split('?')[0].split('/').pop() ?? url);

/**
 * An image served by BigCommerce's CDN. When the browser cannot load it (offline, a CDN the admin cannot
 * reach, an image since removed), an icon and the file name stand in, not a broken-image box.
 */
export const RemoteImage = ({ src, alt, size, showName = true }: { src: string; alt: string; size: number; showName?: boolean }) => {
  const [failed, setFailed] = useState(false);
  if (!failed) {
    return <img src={src} alt={alt} width={size} height={size} style={{ objectFit: 'contain', display: 'block' }} onError={() => setFailed(true)} />;
  }
  return (
    <Flex
      direction="column"
      justifyContent="center"
      alignItems="center"
      gap={1}
      width={`${size}px`}
      height={`${size}px`}
      background="neutral100"
      title={src}
      data-testid="bigcommerce-image-unavailable"
    >
      <ImageIcon width={size > 48 ? '2.4rem' : '1.6rem'} height={size > 48 ? '2.4rem' : '1.6rem'} fill="neutral500" aria-hidden />
      {showName && (
        <Typography variant="pi" textColor="neutral600" ellipsis style={{ maxWidth: size - 8 }}>
          {fileName(src)}
        </Typography>
      )}
    </Flex>
  );
};
