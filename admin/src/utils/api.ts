/** Strapi's error envelope, as useFetchClient's FetchError carries it in `response.data`. */
interface ErrorEnvelope {
  status?: number;
  message?: string;
  details?: {
    /** A validation error's fields, or BigCommerce's own reasons (`{ field: reason }`) passed on by the server. */
    errors?: { path: string[]; message: string }[] | Record<string, string>;
    upstreamStatus?: number | null;
    [key: string]: unknown;
  };
}

const envelope = (err: unknown): ErrorEnvelope | undefined => (err as { response?: { data?: { error?: ErrorEnvelope } } } | null)?.response?.data?.error;

/** The message of Strapi's error envelope, or of the failure itself. */
export const errorMessage = (err: unknown): string => envelope(err)?.message ?? (err instanceof Error ? err.message : String(err));

/**
 * A validation error's messages keyed by field path ("to.url"). The server writes "<path> <reason>";
 * next to the field, the reason alone reads better.
 */
export const fieldErrors = (err: unknown): Record<string, string> => {
  const errors = envelope(err)?.details?.errors;
  if (!Array.isArray(errors)) return {};
  return Object.fromEntries(
    errors.map(({ path, message }) => {
      const key = path.join('.');
      return [key, key && message.startsWith(`${key} `) ? message.slice(key.length + 1) : message];
    })
  );
};

/** Anything else the server put in the error's details (such as the writes made before a failure). */
export const errorDetail = <T>(err: unknown, key: string): T | undefined => envelope(err)?.details?.[key] as T | undefined;

export type { Pagination } from '../../../shared/pagination';
