import { RemoteImage } from './RemoteImage';

/** A list-view cell: the image at a synced image URL, small. */
export const ThumbnailCell = ({ url }: { url: unknown }) =>
  typeof url === 'string' && url ? <RemoteImage src={url} alt="" size={40} showName={false} /> : <span>–</span>;
