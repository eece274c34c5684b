// Every view of the console, registered in one place: one import and one registerView per view. The first one
// registered (the overview) is also what an unknown address shows.
import { registerView } from '../router.js';
import { overviewView } from './overview.js';
import { stationsView } from './stations.js';
import { stationView } from './station.js';
import { sessionsView } from './sessions.js';
import { sessionView } from './session.js';
import { invoicesView } from './invoices.js';
import { bookingsCalendarView } from './bookings-calendar.js';
import { customersView } from './customers.js';
import { issuesView } from './issues.js';

registerView(overviewView);
registerView(stationsView);
registerView(stationView);
registerView(sessionsView);
registerView(sessionView);
registerView(invoicesView);
registerView(bookingsCalendarView);
registerView(customersView);
registerView(issuesView);
