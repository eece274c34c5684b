// certificate_signings: each SignCertificate a charger sent, our verdict, the certificate we signed, and what
// became of its CertificateSigned (security whitepaper A02/A03).
import { and, eq } from 'drizzle-orm';
import type { Page } from '../domain/paging.js';
import { timeIdKey } from '../domain/session-filters.js';
import { afterKey, orderOf, readPage, type PageRequest } from './keyset.js';
import type { CertificateSigning, NewCertificateSigning } from '../domain/certificate-signing.js';
import type { Db } from './db.js';
import { certificateSignings } from './schema/index.js';

type SigningRow = typeof certificateSignings.$inferSelect;

// The CSR stays in the table (public material) but not in what the API shows: it says nothing the verdict does not.
const toSigning = (r: SigningRow): CertificateSigning => ({
  id: r.id, stationId: r.stationId, status: r.status as CertificateSigning['status'], reason: r.reason,
  certificate: r.certificate, serialNumber: r.serialNumber, notAfter: r.notAfter, requestedAt: r.requestedAt,
  signedAt: r.signedAt, delivery: r.delivery,
});

export async function insertSigning(db: Db, s: NewCertificateSigning): Promise<CertificateSigning> {
  const [row] = await db.insert(certificateSignings).values(s).returning();
  return toSigning(row!);
}

/** CertificateSigned's outcome for one signing of this station. */
export async function updateDelivery(db: Db, stationId: number, id: number, delivery: string): Promise<void> {
  await db.update(certificateSignings).set({ delivery })
    .where(and(eq(certificateSignings.id, id), eq(certificateSignings.stationId, stationId)));
}

/** One charger's signing requests, newest first, keyset-paged on (requestedAt, id). */
export async function listSignings(db: Db, stationId: number, page: PageRequest): Promise<Page<CertificateSigning>> {
  const t = certificateSignings;
  const key = [t.requestedAt, t.id];
  return readPage(page, async (limit, offset) => (await db.select().from(t)
    .where(and(eq(t.stationId, stationId), afterKey(key, page.cursor, 'desc')))
    .orderBy(...orderOf(key, 'desc')).limit(limit).offset(offset)).map(toSigning), (r) => timeIdKey(r.requestedAt, r.id));
}
