import { Box } from '@strapi/design-system';

/**
 * A full-width bar in the admin's primary colour. The design system's ProgressBar is a fixed-width
 * white-on-dark bar made for upload overlays; on a white card it reads inverted.
 */
export const Progress = ({ value, label }: { value: number; label: string }) => {
  const percent = Math.max(0, Math.min(100, value));
  return (
    <Box
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(percent)}
      background="neutral150"
      hasRadius
      height="1.2rem"
      overflow="hidden"
      width="100%"
    >
      <Box background="primary600" height="100%" hasRadius width={`${percent}%`} style={{ transition: 'width 0.4s ease' }} />
    </Box>
  );
};
