import type { Authorization } from '../../domain/model.js';
import type { IdTagInfo } from '../wire/index.js';

export function toIdTagInfo(a: Authorization): IdTagInfo {
  return {
    status: a.status,
    ...(a.expiryDate ? { expiryDate: a.expiryDate.toISOString() } : {}),
    ...(a.parentIdTag ? { parentIdTag: a.parentIdTag } : {}),
  };
}
