import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { toIdTagInfo } from './id-tag-info.js';

type Needs = Pick<Services, 'idTags'>;

export const handleAuthorize: Handler<'Authorize', Needs> = async (ctx, req) => ({
  idTagInfo: toIdTagInfo(await ctx.services.idTags.authorize(req.idTag)),
});
