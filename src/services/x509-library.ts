// @peculiar/x509, loaded on first use. node:crypto cannot parse a PKCS#10 CSR or issue a certificate; this library
// can, on WebCrypto. Importing it costs ~115-215 ms and ~20 MB here (Node 20, measured at its adoption), so the
// central system does not pay for it at start or on any hot path: only the first SignCertificate waits for it.
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

export type X509Library = typeof X509;

let loading: Promise<X509Library> | null = null;

export function x509Library(): Promise<X509Library> {
  loading ??= load();
  return loading;
}

async function load(): Promise<X509Library> {
  // The library's dependency injection (tsyringe) needs the Reflect metadata polyfill loaded before it.
  await import('reflect-metadata');
  const lib = await import('@peculiar/x509');
  lib.cryptoProvider.set(webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
  return lib;
}
