// Builders: each test makes its own rows with random identities.
import { randomBytes } from 'node:crypto';
import type { Services } from '../../src/services/index.js';
import type { IdTag, RegistrationStatus, Station } from '../../src/domain/model.js';

export const randomChargeBoxId = (prefix = 'CP'): string => `${prefix}-${randomBytes(5).toString('hex')}`;
export const randomIdTag = (): string => `TAG${randomBytes(6).toString('hex')}`.slice(0, 20);

export function aStation(services: Services, o: { password?: string; registrationStatus?: RegistrationStatus } = {}): Promise<Station> {
  return services.stations.register({
    chargeBoxId: randomChargeBoxId(), password: o.password ?? null, registrationStatus: o.registrationStatus ?? 'Accepted',
  });
}

export async function anIdTag(services: Services, o: Partial<IdTag> = {}): Promise<string> {
  const tag = await services.idTags.create({
    idTag: o.idTag ?? randomIdTag(), status: o.status ?? 'Accepted',
    expiryDate: o.expiryDate ?? null, parentIdTag: o.parentIdTag ?? null,
  });
  return tag.idTag;
}
