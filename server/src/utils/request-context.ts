import type { Context } from 'koa';

/** A route's Koa context as the plugin's controllers read it: the parsed body and the path params. */
export type RequestContext = Context & { request: Context['request'] & { body?: unknown }; params: Record<string, string> };
