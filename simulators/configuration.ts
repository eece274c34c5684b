// The charger's configuration key table (OCPP 1.6 section 9, GetConfiguration / ChangeConfiguration).
// Every key listed here either drives behaviour of the simulator or is a read-only fact about it.
import type { ConfigurationKey } from '../src/ocpp/wire/index.js';

type KeyKind = 'int' | 'bool' | 'list' | 'string';

interface KeySpec {
  readonly name: string;
  readonly kind: KeyKind;
  readonly readonly: boolean;
  value: string;
}

export type ChangeConfigurationStatus = 'Accepted' | 'Rejected' | 'NotSupported';

export interface ConfigurationDefaults {
  connectors: number;
  meterIntervalS: number;
  stopTransactionOnInvalidId: boolean;
}

const FEATURE_PROFILES = 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging';
// Integers above this are refused: no interval or count of ours is meaningful past a week of seconds.
const MAX_INT_VALUE = 604_800;

function defaultKeys(d: ConfigurationDefaults): KeySpec[] {
  const rw = (name: string, kind: KeyKind, value: string): KeySpec => ({ name, kind, readonly: false, value });
  const ro = (name: string, kind: KeyKind, value: string): KeySpec => ({ name, kind, readonly: true, value });
  return [
    rw('AllowOfflineTxForUnknownId', 'bool', 'true'),
    rw('AuthorizationCacheEnabled', 'bool', 'true'),
    rw('AuthorizeRemoteTxRequests', 'bool', 'false'),
    ro('ChargeProfileMaxStackLevel', 'int', '10'),
    ro('ChargingScheduleAllowedChargingRateUnit', 'list', 'Current,Power'),
    rw('ConnectionTimeOut', 'int', '60'),
    // Security whitepaper: the organisation (O) the charger puts in its CSR; set by the operator (CPO_NAME).
    rw('CpoName', 'string', ''),
    ro('GetConfigurationMaxKeys', 'int', '50'),
    rw('HeartbeatInterval', 'int', '0'), // set from the BootNotification answer
    rw('LocalAuthListEnabled', 'bool', 'true'),
    ro('LocalAuthListMaxLength', 'int', '1000'),
    rw('LocalAuthorizeOffline', 'bool', 'true'),
    rw('MeterValueSampleInterval', 'int', String(d.meterIntervalS)),
    ro('MeterValuesSampledData', 'list', 'Energy.Active.Import.Register,Power.Active.Import,SoC'),
    ro('NumberOfConnectors', 'int', String(d.connectors)),
    ro('ReserveConnectorZeroSupported', 'bool', 'false'),
    ro('SendLocalListMaxLength', 'int', '1000'),
    rw('StopTransactionOnInvalidId', 'bool', String(d.stopTransactionOnInvalidId)),
    ro('StopTxnSampledData', 'list', 'Energy.Active.Import.Register'),
    ro('SupportedFeatureProfiles', 'list', FEATURE_PROFILES),
    rw('TransactionMessageAttempts', 'int', '3'),
  ];
}

function normalise(kind: KeyKind, value: string): string | null {
  switch (kind) {
    case 'int':
      return /^\d+$/.test(value) && Number(value) <= MAX_INT_VALUE ? String(Number(value)) : null;
    case 'bool': {
      const lower = value.toLowerCase();
      return lower === 'true' || lower === 'false' ? lower : null;
    }
    case 'list':
    case 'string':
      return value;
  }
}

export class Configuration {
  // OCPP key names are compared case-insensitively by most central systems; look them up that way too.
  private readonly keys = new Map<string, KeySpec>();

  constructor(defaults: ConfigurationDefaults, private readonly onChange: (key: string) => void = () => {}) {
    for (const spec of defaultKeys(defaults)) this.keys.set(spec.name.toLowerCase(), spec);
  }

  list(names?: string[]): { configurationKey?: ConfigurationKey[]; unknownKey?: string[] } {
    const wanted = names && names.length > 0 ? names : [...this.keys.values()].map((k) => k.name);
    const known: ConfigurationKey[] = [];
    const unknown: string[] = [];
    for (const name of wanted) {
      const spec = this.keys.get(name.toLowerCase());
      if (spec) known.push({ key: spec.name, readonly: spec.readonly, value: spec.value });
      else unknown.push(name);
    }
    return { ...(known.length > 0 && { configurationKey: known }), ...(unknown.length > 0 && { unknownKey: unknown }) };
  }

  change(name: string, value: string): ChangeConfigurationStatus {
    const spec = this.keys.get(name.toLowerCase());
    if (!spec) return 'NotSupported';
    if (spec.readonly) return 'Rejected';
    const normalised = normalise(spec.kind, value);
    if (normalised === null) return 'Rejected';
    spec.value = normalised;
    this.onChange(spec.name);
    return 'Accepted';
  }

  /** Set by the charger itself (e.g. HeartbeatInterval from a BootNotification answer); bypasses readonly. */
  set(name: string, value: string): void {
    const spec = this.keys.get(name.toLowerCase());
    if (!spec) throw new Error(`unknown configuration key ${name}`);
    spec.value = value;
  }

  get(name: string): string {
    const spec = this.keys.get(name.toLowerCase());
    if (!spec) throw new Error(`unknown configuration key ${name}`);
    return spec.value;
  }

  getBool(name: string): boolean {
    return this.get(name) === 'true';
  }

  getInt(name: string): number {
    return Number(this.get(name));
  }
}
