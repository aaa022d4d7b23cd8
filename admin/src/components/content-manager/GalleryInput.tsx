import { Badge, Box, Flex, Typography } from '@strapi/design-system';

import { useTranslate } from '../../hooks/useTranslate';
import { ReadOnlyField, type CustomFieldInputProps } from './ReadOnlyField';
import { RemoteImage } from './RemoteImage';

interface Image {
  id?: number;
  url?: string;
  urlThumbnail?: string;
  urlStandard?: string;
  alt?: string;
  isThumbnail?: boolean;
}

/** A product's BigCommerce images as a gallery of thumbnails, each opening the full image. */
export const GalleryInput = ({ name, label, hint, value }: CustomFieldInputProps<Image[]>) => {
  const t = useTranslate();
  const images = Array.isArray(value) ? value : [];
  return (
    <ReadOnlyField name={name} label={label} hint={hint}>
      {images.length === 0 ? (
        <Typography textColor="neutral500">{t('cm.gallery.empty', 'No images in BigCommerce')}</Typography>
      ) : (
        <Flex gap={3} wrap="wrap" data-testid={`bigcommerce-gallery-${name}`}>
          {images.map((image, index) => (
            <Box key={image.id ?? index} borderColor="neutral200" hasRadius padding={1} background="neutral0">
              <a href={image.url} target="_blank" rel="noreferrer noopener">
                <RemoteImage src={image.urlThumbnail || image.urlStandard || image.url || ''} alt={image.alt ?? ''} size={112} />
              </a>
              {image.isThumbnail && (
                <Box paddingTop={1}>
                  <Badge>{t('cm.gallery.thumbnail', 'Thumbnail')}</Badge>
                </Box>
              )}
            </Box>
          ))}
        </Flex>
      )}
    </ReadOnlyField>
  );
};

export default GalleryInput;
