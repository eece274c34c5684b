// OCPP 1.6 edition 2 wire types shared by both directions. The JSON schemas bundled with ocpp-rpc
// (lib/schemas/ocpp1_6.json) are the contract; these types mirror them so handlers stay typed.

export type IsoDateTime = string;

export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: IsoDateTime;
  parentIdTag?: string;
}

export type ChargePointStatus =
  | 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV'
  | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';

export type ChargePointErrorCode =
  | 'ConnectorLockFailure' | 'EVCommunicationError' | 'GroundFailure' | 'HighTemperature' | 'InternalError'
  | 'LocalListConflict' | 'NoError' | 'OtherError' | 'OverCurrentFailure' | 'PowerMeterFailure'
  | 'PowerSwitchFailure' | 'ReaderFailure' | 'ResetFailure' | 'UnderVoltage' | 'OverVoltage' | 'WeakSignal';

export type ReadingContext =
  | 'Interruption.Begin' | 'Interruption.End' | 'Sample.Clock' | 'Sample.Periodic'
  | 'Transaction.Begin' | 'Transaction.End' | 'Trigger' | 'Other';

export type Measurand =
  | 'Energy.Active.Export.Register' | 'Energy.Active.Import.Register' | 'Energy.Reactive.Export.Register'
  | 'Energy.Reactive.Import.Register' | 'Energy.Active.Export.Interval' | 'Energy.Active.Import.Interval'
  | 'Energy.Reactive.Export.Interval' | 'Energy.Reactive.Import.Interval' | 'Power.Active.Export'
  | 'Power.Active.Import' | 'Power.Offered' | 'Power.Reactive.Export' | 'Power.Reactive.Import' | 'Power.Factor'
  | 'Current.Import' | 'Current.Export' | 'Current.Offered' | 'Voltage' | 'Frequency' | 'Temperature' | 'SoC' | 'RPM';

export type UnitOfMeasure =
  | 'Wh' | 'kWh' | 'varh' | 'kvarh' | 'W' | 'kW' | 'VA' | 'kVA' | 'var' | 'kvar'
  | 'A' | 'V' | 'K' | 'Celcius' | 'Celsius' | 'Fahrenheit' | 'Percent';

export type Phase = 'L1' | 'L2' | 'L3' | 'N' | 'L1-N' | 'L2-N' | 'L3-N' | 'L1-L2' | 'L2-L3' | 'L3-L1';
export type Location = 'Cable' | 'EV' | 'Inlet' | 'Outlet' | 'Body';

export interface SampledValue {
  value: string;
  context?: ReadingContext;
  format?: 'Raw' | 'SignedData';
  measurand?: Measurand;
  phase?: Phase;
  location?: Location;
  unit?: UnitOfMeasure;
}

export interface MeterValue {
  timestamp: IsoDateTime;
  sampledValue: SampledValue[];
}

export type StopReason =
  | 'EmergencyStop' | 'EVDisconnected' | 'HardReset' | 'Local' | 'Other' | 'PowerLoss'
  | 'Reboot' | 'Remote' | 'SoftReset' | 'UnlockCommand' | 'DeAuthorized';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface ChargingSchedulePeriod { startPeriod: number; limit: number; numberPhases?: number }
export interface ChargingSchedule {
  duration?: number;
  startSchedule?: IsoDateTime;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: ChargingSchedulePeriod[];
  minChargingRate?: number;
}
export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: IsoDateTime;
  validTo?: IsoDateTime;
  chargingSchedule: ChargingSchedule;
}
