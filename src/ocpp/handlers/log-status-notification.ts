import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

// SKELETON (issue 16 item 1): replaced by the log-status work.
export const handleLogStatusNotification: Handler<'LogStatusNotification', Needs> = async () => ({});
