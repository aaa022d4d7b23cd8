import { createHash } from 'node:crypto';
import os from 'node:os';

import type { Core } from '@strapi/strapi';

import type { PluginConfig } from '../config/schema';
import { PLUGIN_ID } from './plugin-id';

/**
 * This node's name, the same across restarts: the configured `nodeId`, or the host with a digest of the
 * app's directory and port (two apps on one machine, or two ports of one app, are two nodes). A restarted
 * node knows by it which claims were its own. Nodes that share host, directory and port must set `nodeId`.
 */
export const nodeIdentity = (strapi: Core.Strapi): string => {
  const configured = (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).nodeId;
  if (configured) return configured;
  const place = `${strapi.dirs.app.root}:${String(strapi.config.get('server.port', ''))}`;
  return `${os.hostname()}:${createHash('sha256').update(place).digest('hex').slice(0, 12)}`;
};
