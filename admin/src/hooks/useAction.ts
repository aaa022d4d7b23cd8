import { useCallback, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';

import { errorMessage } from '../utils/api';

/**
 * Runs one button's request: marks it pending, reports success or the server's message as a
 * notification, and answers the result (`undefined` when it failed). `onError` also gets the failure,
 * for a form to show its per-field messages; when it answers `true`, the form shows the whole error
 * itself and no notification repeats it.
 */
export const useAction = () => {
  const { toggleNotification } = useNotification();
  const [pending, setPending] = useState<string | null>(null);

  const run = useCallback(
    async <R>(
      key: string,
      action: () => Promise<R>,
      success?: string | ((result: R) => string),
      onError?: (err: unknown) => boolean | void
    ): Promise<R | undefined> => {
      setPending(key);
      try {
        const result = await action();
        if (success) toggleNotification({ type: 'success', message: typeof success === 'function' ? success(result) : success });
        return result;
      } catch (err) {
        if (onError?.(err) !== true) toggleNotification({ type: 'danger', message: errorMessage(err) });
        return undefined;
      } finally {
        setPending(null);
      }
    },
    [toggleNotification]
  );

  return { pending, run };
};
