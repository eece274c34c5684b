import { describe, expect, it } from 'vitest';
import { maintenanceFor, type OpenIssueRef } from '../../../src/domain/monitoring.js';

const issue = (issueId: number, stationId: number, connectorId: number): OpenIssueRef => ({ id: issueId, stationId, connectorId, title: `issue ${issueId}` });

describe('maintenanceFor', () => {
  const open = [issue(1, 10, 1), issue(2, 20, 0)];

  it('marks the connector an issue names', () => {
    expect(maintenanceFor(10, 1, open)).toEqual({ issueId: 1, title: 'issue 1', scope: 'connector' });
  });

  it('never marks another connector of the same station', () => {
    expect(maintenanceFor(10, 2, open)).toBeNull();
  });

  it('marks every connector of a station whose issue names the station as a whole', () => {
    expect(maintenanceFor(20, 1, open)).toEqual({ issueId: 2, title: 'issue 2', scope: 'station' });
    expect(maintenanceFor(20, 3, open)).toMatchObject({ scope: 'station' });
  });

  it('prefers the connector\'s own issue over the station\'s', () => {
    expect(maintenanceFor(20, 2, [...open, issue(3, 20, 2)])).toMatchObject({ issueId: 3, scope: 'connector' });
  });

  it('is null for another station, or with no open issues', () => {
    expect(maintenanceFor(30, 1, open)).toBeNull();
    expect(maintenanceFor(10, 1, [])).toBeNull();
  });
});
