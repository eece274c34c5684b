// Id tags and the Authorize decision. Staff manage tags here; Authorize and StartTransaction read them at
// every message (no cache), so a tag blocked through the API is answered Blocked from the next message on.
import * as store from '../store/index.js';
import { inTransaction, type Db } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import { BatchQueue } from '../shared/batcher.js';
import { authorize } from '../domain/authorization.js';
import type { Authorization, IdTag, IdTagRecord } from '../domain/model.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';
import type { IdTagChange, IdTagFilter, NewIdTag } from '../store/id-tags.js';
import type { ServiceDeps } from './deps.js';

export type IdTagInput = IdTag & { customerId?: number | null };

const sameTag = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The parent as stored (its own spelling), locked against a concurrent delete; 404 naming the field if unknown. */
async function existingParent(tx: Db, parentIdTag: string, ownIdTag: string): Promise<string> {
  if (sameTag(parentIdTag, ownIdTag)) {
    throw new AppError('BadRequest', 'parentIdTag: a tag cannot be its own parent', { fields: [{ field: 'parentIdTag', in: 'body' }] });
  }
  const parent = await store.idTags.findIdTagForLink(tx, parentIdTag);
  if (!parent) throw new AppError('NotFound', `parentIdTag ${parentIdTag} is not a known id tag`, { field: 'parentIdTag' });
  return parent.idTag;
}

/** Checks what the change refers to (customer, parent) and returns it with the parent's stored spelling. */
async function checkedReferences<T extends IdTagChange>(tx: Db, change: T, ownIdTag: string): Promise<T> {
  if (change.customerId !== undefined && change.customerId !== null) {
    await store.customers.getCustomerForLink(tx, change.customerId); // 404 naming customerId
  }
  if (change.parentIdTag === undefined || change.parentIdTag === null) return change;
  return { ...change, parentIdTag: await existingParent(tx, change.parentIdTag, ownIdTag) };
}

/** Id tags for staff, and the Authorize decision for chargers. */
export interface IdTagService {
  /** The answer to Authorize: the tag's own status as of now (unknown → Invalid); never ConcurrentTx, which is for
   * StartTransaction alone (OCPP 1.6 §7.2, domain/authorization.ts). */
  authorize(idTag: string): Promise<Authorization>;
  /** The tag by its text, without regard to case; null when unknown. */
  find(idTag: string): Promise<IdTag | null>;
  /** A new tag; Conflict when it exists, NotFound naming customerId or parentIdTag, BadRequest for its own parent. */
  create(input: IdTagInput): Promise<IdTagRecord>;
  /** Tags sorted by their text then id, a page at a time; by customer, status, text or its start (q). */
  list(filter: IdTagFilter, page: PageRequest): Promise<Page<IdTagRecord>>;
  /** One tag; NotFound naming idTagId. */
  get(id: number): Promise<IdTagRecord>;
  /** Changes the given fields, checking what they refer to as create does; NotFound for an unknown tag. */
  update(id: number, change: IdTagChange): Promise<IdTagRecord>;
  /** NotFound for an unknown tag; Conflict while other tags name it as their parent. */
  remove(id: number): Promise<void>;
}

// Two groups in flight, as the meter writer: a read has no commit to wait for, but its round trip overlaps the
// next. gatherTurn: a group takes whatever this turn of the event loop brought (shared/batcher.ts), since on the
// embedded database a lone read can be answered before the next socket is even read.
const AUTHORIZE_GROUPS = { concurrency: 2, gatherTurn: true, maxWeight: 1_000 };

/**
 * Authorize in groups (issue 14, shared/batcher.ts): the tags of every Authorize that arrives while others are
 * read are read together, in ONE statement (store/id-tags.ts findIdTagsGroup); a lone Authorize is
 * one statement as before. Still no cache: each answer is as of its group's read.
 */
function makeAuthorizeGroups(d: ServiceDeps): (idTag: string) => Promise<Authorization> {
  const groups = new BatchQueue(async (asked: string[]): Promise<Authorization[]> => {
    const now = d.clock.now();
    const tags = await store.idTags.findIdTagsGroup(d.db, asked);
    // Whether the tag charges elsewhere does not count here (domain/authorization.ts): StartTransaction weighs it.
    return asked.map((idTag) => authorize(tags.get(idTag) ?? null, { now }));
  }, AUTHORIZE_GROUPS);
  return (idTag) => groups.add(idTag);
}

export function makeIdTagService(d: ServiceDeps): IdTagService {
  return {
    authorize: makeAuthorizeGroups(d),
    find: (idTag: string) => store.idTags.findIdTag(d.db, idTag),

    create: (input: IdTagInput): Promise<IdTagRecord> => inTransaction(d.db, async (tx) => {
      const tag: NewIdTag = await checkedReferences(tx, { ...input, customerId: input.customerId ?? null }, input.idTag);
      const created = await store.idTags.insertIdTag(tx, tag, d.clock.now());
      if (!created) throw new AppError('Conflict', `id tag ${input.idTag} exists already (tags are compared without regard to case)`, { field: 'idTag' });
      return created;
    }),

    list: (filter: IdTagFilter, page: PageRequest) => store.idTags.listIdTags(d.db, filter, page),
    get: (id: number) => store.idTags.getIdTag(d.db, id),

    update: (id: number, change: IdTagChange): Promise<IdTagRecord> => inTransaction(d.db, async (tx) => {
      const current = await store.idTags.getIdTagForUpdate(tx, id);
      return store.idTags.updateIdTag(tx, id, await checkedReferences(tx, change, current.idTag), d.clock.now());
    }),

    /** A tag other tags name as their parent stays until they are moved (409); blocking it is the usual way. */
    remove: (id: number): Promise<void> => inTransaction(d.db, async (tx) => {
      const tag = await store.idTags.getIdTagForUpdate(tx, id);
      const children = await store.idTags.countChildTags(tx, tag);
      if (children > 0) {
        throw new AppError('Conflict', `id tag ${tag.idTag} is the parentIdTag of ${children} other tag(s)`, { field: 'idTagId', children });
      }
      await store.idTags.deleteIdTag(tx, id);
    }),
  };
}
