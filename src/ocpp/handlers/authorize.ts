import type { Handler } from '../context.js';
import { toIdTagInfo } from './id-tag-info.js';

export const handleAuthorize: Handler<'Authorize'> = async (ctx, req) => ({
  idTagInfo: toIdTagInfo(await ctx.services.idTags.authorize(req.idTag)),
});
