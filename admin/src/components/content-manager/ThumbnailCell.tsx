/** A list-view cell: the image at a synced image URL, small. */
export const ThumbnailCell = ({ url }: { url: unknown }) =>
  typeof url === 'string' && url ? <img src={url} alt="" width={40} height={40} style={{ objectFit: 'contain', display: 'block' }} /> : <span>–</span>;
