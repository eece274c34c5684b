// The two configuration keys of the OCPP 1.6 security whitepaper that change how the charger connects:
// AuthorizationKey (its Basic auth password) and SecurityProfile. Like a real charger, it answers first and
// then closes its connection and comes back with the new credential or at the new profile (the whitepaper's
// "disconnect and reconnect"); with `reconnect` off it stays away until comeBack(), so a test can look at the
// central system in between. Its certificates live here too (certificate-store.ts): the root certificates it
// trusts, and the client certificate it gets by SignCertificate, which security profile 3 connects with.
import type { TlsOptions } from './options.js';
import type { Answer } from './command-handlers.js';
import { CertificateStore } from './certificate-store.js';
import type { CertificateRequest } from './certificate-request.js';

export type SecurityProfile = 1 | 2 | 3;

/** What changes on the next connection. */
export interface Reconnection { password?: string; url?: string; tls?: TlsOptions }

export interface SecuritySettingsDeps {
  /** Beyond the contract: false answers ChangeConfiguration AuthorizationKey Rejected. */
  acceptsAuthorizationKey: boolean;
  profile: SecurityProfile;
  /** The wss:// endpoint for profiles 2 and 3; none: the charger cannot go above 1. */
  secureUrl: string | undefined;
  tls: TlsOptions | undefined;
  reconnectWith(change: Reconnection): Promise<void>;
  log(line: string): void;
}

// Whitepaper: 16 to 20 bytes, written as hexadecimal.
const AUTHORIZATION_KEY = /^(?:[0-9a-fA-F]{2}){16,20}$/;

type Change = Answer<'ChangeConfiguration'>;

export class SecuritySettings {
  private current: SecurityProfile;
  /** The TLS material of the next connection: the options' CA, and the client certificate it was given or got. */
  private tls: TlsOptions | undefined;
  readonly certificates: CertificateStore;
  /** The key pair of the CSR it sent last, waiting for CertificateSigned (the key never leaves the charger). */
  pendingRequest: CertificateRequest | null = null;

  constructor(private readonly d: SecuritySettingsDeps) {
    this.current = d.profile;
    this.tls = d.tls;
    this.certificates = new CertificateStore(d.tls?.ca);
  }

  /**
   * CertificateSigned accepted: the certificate and its key are the client certificate from now on. At profile 3
   * the charger reconnects with it at once (OCA TC_074 step 7); below, it waits for a SecurityProfile 3.
   */
  async useClientCertificate(certificateChain: string, keyPem: string): Promise<void> {
    this.tls = { ...this.tls, cert: certificateChain, key: keyPem };
    if (this.current !== 3) return this.d.log('new client certificate kept for security profile 3');
    this.d.log('new client certificate: reconnecting with it');
    await this.d.reconnectWith({ tls: this.tls });
  }

  get profile(): SecurityProfile {
    return this.current;
  }

  /** The answer to a ChangeConfiguration of one of these keys; null for any other key. */
  change(key: string, value: string): Change | null {
    const lower = key.toLowerCase();
    if (lower === 'authorizationkey') return this.authorizationKey(value);
    if (lower === 'securityprofile') return this.securityProfile(value);
    return null;
  }

  private authorizationKey(value: string): Change {
    if (!this.d.acceptsAuthorizationKey || !AUTHORIZATION_KEY.test(value)) return { response: { status: 'Rejected' } };
    return {
      response: { status: 'Accepted' },
      after: async () => {
        this.d.log('new AuthorizationKey: reconnecting with it');
        await this.d.reconnectWith({ password: value });
      },
    };
  }

  private securityProfile(value: string): Change {
    const wanted = /^[1-3]$/.test(value) ? (Number(value) as SecurityProfile) : null;
    // Never downwards, and only to a profile it has what it needs for (OCPP 2.0.1 A05 says the same).
    if (wanted === null || wanted < this.current || !this.canUse(wanted)) return { response: { status: 'Rejected' } };
    if (wanted === this.current) return { response: { status: 'Accepted' } };
    return {
      response: { status: 'Accepted' },
      after: async () => {
        this.current = wanted;
        this.d.log(`security profile ${wanted}: reconnecting to ${this.d.secureUrl ?? '?'}`);
        await this.d.reconnectWith({ ...(this.d.secureUrl && { url: this.d.secureUrl }), ...(this.tls && { tls: this.tls }) });
      },
    };
  }

  private canUse(profile: SecurityProfile): boolean {
    if (profile === 1) return true;
    const tls = this.tls;
    if (!this.d.secureUrl?.startsWith('wss://') || !tls?.ca) return false;
    return profile === 2 || (tls.cert !== undefined && tls.key !== undefined);
  }
}
