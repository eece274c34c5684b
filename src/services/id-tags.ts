// Id tags and the Authorize decision.
import * as store from '../store/index.js';
import { authorize } from '../domain/authorization.js';
import type { Authorization, IdTag } from '../domain/model.js';
import type { Db } from '../store/db.js';
import type { ServiceDeps } from './deps.js';

/** Decides a tag's authorization inside the caller's transaction (StartTransaction needs it there). */
export async function authorizeIn(db: Db, idTag: string, now: Date, exceptSessionId?: number): Promise<Authorization> {
  const tag = await store.idTags.findIdTag(db, idTag);
  const chargingElsewhere = tag !== null && await store.sessions.tagHasActiveSession(db, idTag, exceptSessionId);
  return authorize(tag, { now, chargingElsewhere });
}

export function makeIdTagService(d: ServiceDeps) {
  return {
    authorize: (idTag: string) => authorizeIn(d.db, idTag, d.clock.now()),
    create: (tag: IdTag) => store.idTags.insertIdTag(d.db, tag),
    find: (idTag: string) => store.idTags.findIdTag(d.db, idTag),
  };
}
export type IdTagService = ReturnType<typeof makeIdTagService>;
