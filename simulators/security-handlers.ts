// SKELETON (issue 16 item 2): GetLog, SignedUpdateFirmware and ExtendedTriggerMessage; replaced by the
// logs-and-firmware work.
import type { CommandHandlerFn } from './command-handlers.js';
import { signChargePointCertificate } from './certificate-handlers.js';

const ExtendedTriggerMessage: CommandHandlerFn<'ExtendedTriggerMessage'> = (ctx, req) =>
  req.requestedMessage === 'SignChargePointCertificate' ? signChargePointCertificate(ctx) : { response: { status: 'NotImplemented' } };
const GetLog: CommandHandlerFn<'GetLog'> = () => ({ response: { status: 'Rejected' } });
const SignedUpdateFirmware: CommandHandlerFn<'SignedUpdateFirmware'> = () => ({ response: { status: 'Rejected' } });

export const securityHandlers = { ExtendedTriggerMessage, GetLog, SignedUpdateFirmware };
