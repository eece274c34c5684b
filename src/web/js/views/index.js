// Every view of the console, registered in one place: one import and one registerView per view. The first one
// registered (the overview) is also what an unknown address shows.
import { registerView } from '../router.js';
import { overviewView } from './overview.js';
import { stationsView } from './stations.js';
import { stationView } from './station.js';

registerView(overviewView);
registerView(stationsView);
registerView(stationView);
