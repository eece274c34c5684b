// The two configuration keys of the OCPP 1.6 security whitepaper that change how the charger connects:
// AuthorizationKey (its Basic auth password) and SecurityProfile. Like a real charger, it answers first and
// then closes its connection and comes back with the new credential or at the new profile (the whitepaper's
// "disconnect and reconnect"); with `reconnect` off it stays away until comeBack(), so a test can look at the
// central system in between.
import type { TlsOptions } from './options.js';
import type { Answer } from './command-handlers.js';

export type SecurityProfile = 1 | 2 | 3;

/** What changes on the next connection. */
export interface Reconnection { password?: string; url?: string }

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

  constructor(private readonly d: SecuritySettingsDeps) {
    this.current = d.profile;
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
        await this.d.reconnectWith(this.d.secureUrl ? { url: this.d.secureUrl } : {});
      },
    };
  }

  private canUse(profile: SecurityProfile): boolean {
    if (profile === 1) return true;
    const tls = this.d.tls;
    if (!this.d.secureUrl?.startsWith('wss://') || !tls?.ca) return false;
    return profile === 2 || (tls.cert !== undefined && tls.key !== undefined);
  }
}
