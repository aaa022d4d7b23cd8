import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { parseOrThrow } from '../utils/errors';
import { getService } from '../utils/get-service';
import { listRunsSchema, runIdSchema, scheduleSchema, startSyncSchema } from '../validation/sync';
import type { RequestContext } from '../utils/request-context';

const sync = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'sync');
  const findOr404 = async (ctx: RequestContext) => {
    const { id } = parseOrThrow(runIdSchema, ctx.params, 'Invalid run');
    const run = await service().findRun(id);
    if (!run) throw new errors.NotFoundError(`Sync run ${id} does not exist`);
    return run;
  };

  return {
    async start(ctx: RequestContext) {
      const { kind } = parseOrThrow(startSyncSchema, ctx.request.body, 'Invalid sync request');
      ctx.body = { data: await service().start({ kind, trigger: 'manual' }) };
    },

    async listRuns(ctx: RequestContext) {
      const query = parseOrThrow(listRunsSchema, ctx.query, 'Invalid query');
      const { results, pagination } = await service().listRuns(query);
      ctx.body = { data: results, meta: { pagination } };
    },

    async findRun(ctx: RequestContext) {
      ctx.body = { data: await findOr404(ctx) };
    },

    async cancel(ctx: RequestContext) {
      const run = await findOr404(ctx);
      if (run.status !== 'running') throw new errors.ApplicationError(`Sync run ${run.id} is not running (${run.status})`);
      ctx.body = { data: await service().cancel(run.id) };
    },

    async getSchedule(ctx: RequestContext) {
      ctx.body = { data: await service().getSchedule() };
    },

    async setSchedule(ctx: RequestContext) {
      const update = parseOrThrow(scheduleSchema, ctx.request.body, 'Invalid schedule');
      ctx.body = { data: await service().setSchedule(update) };
    },
  };
};

export default sync;
