// chargeBoxIdentity is a CiString48 in OCPP 1.6 and the last segment of the charger's URL: printable ASCII
// without '/' or spaces. The handshake and station registration both use this one rule, or a station could
// be registered that can never connect.
export const CHARGE_BOX_ID_PATTERN = /^[\x21-\x2e\x30-\x7e]{1,48}$/;

export const isValidChargeBoxId = (id: string): boolean => CHARGE_BOX_ID_PATTERN.test(id);
