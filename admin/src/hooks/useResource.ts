import { useCallback, useEffect, useRef, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

import { errorMessage } from '../utils/api';

interface ResourceState<T, M> {
  data: T | undefined;
  meta: M | undefined;
  error: string | null;
}

export interface Resource<T, M> extends ResourceState<T, M> {
  /** True until the first answer (or failure): later reloads keep showing the data they replace. */
  isLoading: boolean;
  reload: () => Promise<void>;
}

/**
 * GETs one admin route (`{ data, meta }` envelope) and keeps the latest answer. A `null` path waits;
 * `pollMs` reloads after each answer while set. An answer to an older request never overwrites a newer one.
 */
export const useResource = <T, M = undefined>(
  path: string | null,
  options: { params?: Record<string, string | number | undefined>; pollMs?: number } = {}
): Resource<T, M> => {
  const { get } = useFetchClient();
  const [state, setState] = useState<ResourceState<T, M>>({ data: undefined, meta: undefined, error: null });
  const latest = useRef(0);
  const paramsKey = JSON.stringify(options.params ?? {});

  const reload = useCallback(async () => {
    if (!path) return;
    const request = ++latest.current;
    try {
      const { data } = await get<{ data: T; meta?: M }>(path, { params: JSON.parse(paramsKey) as Record<string, unknown> });
      if (request === latest.current) setState({ data: data.data, meta: data.meta, error: null });
    } catch (err) {
      if (request === latest.current) setState((previous) => ({ ...previous, error: errorMessage(err) }));
    }
  }, [get, path, paramsKey]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const { pollMs } = options;
  useEffect(() => {
    if (!pollMs) return undefined;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const tick = async () => {
      await reload();
      if (!stopped) timer = setTimeout(tick, pollMs);
    };
    timer = setTimeout(tick, pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [reload, pollMs]);

  return { ...state, isLoading: state.data === undefined && state.error === null, reload };
};
