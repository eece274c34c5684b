// The charger's own knowledge of idTags (OCPP 1.6 sections 3.5 and 5.15): the local authorization list the
// central system sends, and the cache of answers it has seen. Used to decide while offline.
import type { AuthorizationData, IdTagInfo, Outbound } from '../src/ocpp/wire/index.js';

type SendLocalList = Outbound['SendLocalList'];

export interface OfflinePolicy {
  localAuthorizeOffline: boolean;
  allowOfflineTxForUnknownId: boolean;
}

export class LocalAuthorization {
  listVersion = 0;
  private readonly list = new Map<string, IdTagInfo>();
  private readonly cache = new Map<string, IdTagInfo>();

  constructor(private readonly maxListLength: number) {}

  sendLocalList(req: SendLocalList['req'], enabled: boolean): SendLocalList['conf']['status'] {
    if (!enabled) return 'NotSupported';
    const updates = req.localAuthorizationList ?? [];
    if (updates.length > this.maxListLength) return 'Failed';
    if (req.updateType === 'Differential') {
      // A differential update must move the list forward (OCPP 1.6 section 5.15).
      if (req.listVersion <= this.listVersion) return 'VersionMismatch';
      for (const entry of updates) this.apply(entry);
    } else {
      this.list.clear();
      for (const entry of updates) this.apply(entry);
    }
    this.listVersion = req.listVersion;
    return 'Accepted';
  }

  remember(idTag: string, info: IdTagInfo): void {
    this.cache.set(idTag, info);
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** The charger's answer for an idTag while it cannot ask the central system. */
  offline(idTag: string, policy: OfflinePolicy): IdTagInfo {
    const known = this.list.get(idTag) ?? this.cache.get(idTag);
    if (policy.localAuthorizeOffline && known) return known;
    return { status: policy.allowOfflineTxForUnknownId ? 'Accepted' : 'Invalid' };
  }

  private apply(entry: AuthorizationData): void {
    // In a differential update an entry without idTagInfo removes that idTag.
    if (entry.idTagInfo) this.list.set(entry.idTag, entry.idTagInfo);
    else this.list.delete(entry.idTag);
  }
}
