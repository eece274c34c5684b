import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

// SKELETON (issue 16 item 1): replaced by the security-events work.
export const handleSecurityEventNotification: Handler<'SecurityEventNotification', Needs> = async () => ({});
