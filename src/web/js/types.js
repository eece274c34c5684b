// The shapes the dashboard reads from the public API (JSON, so times are ISO strings), for the type check only
// (config/tsconfig.web.json): no module imports this file at run time, the other modules name these types in
// their JSDoc as import('./types.js').X. Only the fields the page uses are listed.

/**
 * @typedef {{ name: string, role: string }} Me  GET /api/me
 *
 * @typedef {{ issueId: number, title: string, scope: 'connector' | 'station' }} Maintenance
 *
 * @typedef {object} ActiveSessionLive
 * @property {number} sessionId
 * @property {string | null} customerName
 * @property {string} idTag
 * @property {string} authorizationStatus
 * @property {string} startedAt
 * @property {number} durationS
 * @property {number | null} energyWh
 * @property {number | null} powerW
 * @property {number | null} socPercent
 * @property {string | null} readingAt  when the charger took the reading the figures come from
 *
 * @typedef {ActiveSessionLive & { stationId: number, connectorId: number, chargeBoxId: string, stationName?: string | null }} ActiveSessionRow
 *   one of the latest running sessions, GET /api/dashboard activeSessions
 *
 * @typedef {object} AwaitingPayment
 * @property {number} invoiceId
 * @property {number} sessionId
 * @property {number} stationId
 * @property {number} connectorId
 * @property {string} [chargeBoxId]
 * @property {string | null} customerName
 * @property {string | null} authorizationStatus
 * @property {number} totalMinor
 * @property {string} currency
 *
 * @typedef {object} AttentionRow  a station, connector, booking or session that needs someone, GET /api/dashboard attention
 * @property {number} [stationId]
 * @property {number} [connectorId]
 * @property {string} [chargeBoxId]
 * @property {string | null} [stationName]
 * @property {string} [status]
 * @property {string | null} [errorCode]
 * @property {string | null} [since]  when it began (the status's time, the station's last seen)
 * @property {number} [sessionId]
 * @property {number} [invoiceId]
 * @property {number} [bookingId]
 * @property {number} [issueId]
 * @property {string} [title]
 * @property {string | null} [name]
 * @property {string | null} [lastSeenAt]
 * @property {string} [openedAt]
 * @property {string} [startsAt]
 * @property {string | null} [reservationStatus]
 *
 * @typedef {{ total: number, items: AttentionRow[] }} AttentionList  the first rows and how many there are
 *
 * @typedef {object} Dashboard  GET /api/dashboard: counts and the first rows of what needs attention
 * @property {{ total?: number, online: number, offline: number }} stations
 * @property {{ active: number, awaitingPayment?: number }} sessions
 * @property {{ total?: number, byStatus?: Record<string, number>, offline?: number, underMaintenance?: number }} connectors
 * @property {number} energyTodayWh
 * @property {Record<string, AttentionList>} [attention]  faulted, offline, reservations, awaitingPayment, maintenance
 * @property {{ total: number, items: ActiveSessionRow[] }} [activeSessions]  the latest running, with their figures
 * @property {AwaitingPayment[]} [awaitingPayment]
 *
 * @typedef {{ at: string, energyWh: number, sessions: number }} EnergyBucket  GET /api/stats/energy
 *
 * @typedef {{ sessionId: number, energyWh?: number | null, powerW?: number | null, socPercent?: number | null, at: string }} SessionUpdate
 *   the session.updated event
 *
 * @typedef {{ at: string, powerW: number | null, socPercent: number | null, meterWh?: number | null }} CurvePoint
 * @typedef {{ series?: CurvePoint[] }} SessionDetail  GET /api/sessions/:id
 *
 * @typedef {{ id: number, stationId: number, connectorId: number, title: string, status: string }} Issue
 *
 * @typedef {{ id: number, code: string, status: string, stationOnline?: boolean }} Slot
 *
 * @typedef {object} SessionLoad  a running session on a site, GET /api/sites/:id load.sessions
 * @property {number} sessionId
 * @property {number} stationId
 * @property {number} connectorId
 * @property {number | null} limitA  A per phase; 0 = paused; null before the first balancing
 * @property {string | null} reason
 * @property {string | null} reasonText
 * @property {number | null} measuredA
 *
 * @typedef {{ at: string, allocatedA: number, measuredA: number | null }} LoadPoint  GET /api/sites/:id/load-history
 *
 * @typedef {object} SiteDetail  GET /api/sites/:id
 * @property {number} id
 * @property {string} name
 * @property {number} maxCurrentA
 * @property {number} phases
 * @property {number} failsafeCurrentA
 * @property {string} strategy
 * @property {Array<{ stationId: number, chargeBoxId: string, name: string | null }>} stations
 * @property {{ allocatedA: number, measuredA: number | null, sessions: SessionLoad[] }} load
 *
 * @typedef {object} Booking
 * @property {number} id
 * @property {string} code
 * @property {string} status
 * @property {number} slotId
 * @property {string} startsAt
 * @property {string} endsAt
 * @property {string | null} [reservationStatus]  the charger's answer to ReserveNow, when one was sent
 *
 * @typedef {{ id: number, name: string }} Customer
 * @typedef {{ id: number, idTag: string }} IdTagRow
 *
 * @typedef {object} Station  GET /api/stations
 * @property {number} id
 * @property {string} chargeBoxId
 * @property {string} registrationStatus
 * @property {boolean} active
 * @property {boolean} online
 * @property {string} registeredAt
 * @property {{ vendor?: string, model?: string, firmwareVersion?: string | null } | null} [boot]
 *
 * @typedef {object} StationListRow  one row of GET /api/stations (keyset-paged)
 * @property {number} id
 * @property {string} chargeBoxId
 * @property {string | null} name
 * @property {string} registrationStatus
 * @property {boolean} active
 * @property {boolean} online
 * @property {string | null} [lastSeenAt]
 * @property {number | null} [siteId]
 * @property {Array<{ connectorId: number, status: string }>} connectors
 *
 * @typedef {object} StationDetail  GET /api/stations/:id
 * @property {number} id
 * @property {string} chargeBoxId
 * @property {string | null} name
 * @property {string | null} location
 * @property {number | null} latitude  WGS 84 degrees, with longitude (both or neither)
 * @property {number | null} longitude
 * @property {string} registrationStatus
 * @property {boolean} online
 * @property {string | null} [lastSeenAt]
 * @property {{ vendor: string, model: string, firmwareVersion?: string | null, chargePointSerialNumber?: string | null } | null} boot
 * @property {Array<{ connectorId: number, status: string }>} connectors
 *
 * @typedef {object} CommandRow  GET /api/stations/:id/commands
 * @property {number} id
 * @property {string} action
 * @property {string} requestedBy
 * @property {string} requestedAt
 * @property {string | null} outcome
 * @property {Record<string, unknown> | null} response
 * @property {string | null} error
 *
 * @typedef {{ action: string, relaxation?: string | null, occurredAt?: string, receivedAt?: string,
 *   detail?: { message?: string, path?: string } }} ViolationRow  GET /api/stations/:id/violations
 *
 * @typedef {object} CommandAnswer  a command's answer: { outcome, response | callError | reason }
 * @property {string} [outcome]
 * @property {{ status?: string }} [response]
 * @property {{ code?: string, description?: string }} [callError]
 * @property {unknown} [reason]
 * @property {number} [transactionId]
 *
 * @typedef {object} SecurityEvent  GET /api/stations/:id/security-events
 * @property {number} id
 * @property {string} type
 * @property {string | null} techInfo
 * @property {string} occurredAt  the charger's time of the event
 * @property {boolean} critical
 * @property {number | null} issueId
 *
 * @typedef {{ refresh: () => Promise<void>, role: () => string | undefined }} Ctx  what each part of the page may ask of app.js
 */

export {};

// The console's sessions, invoices, bookings calendar, customers and issues views (src/web/js/views/).
/**
 * @typedef {object} SessionRow  one row of GET /api/sessions
 * @property {number} id  the OCPP transactionId
 * @property {number} stationId
 * @property {number} connectorId
 * @property {string} chargeBoxId
 * @property {string} idTag
 * @property {string} authorizationStatus
 * @property {{ id: number, name: string } | null} customer
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 * @property {string | null} stopReason
 * @property {number} meterStartWh
 * @property {number | null} energyWh
 * @property {number | null} latestPowerW
 * @property {number | null} latestSocPercent
 * @property {string | null} latestMeterAt
 * @property {string | null} [closedAt]  set when staff closed a session the charger never stopped
 * @property {string | null} [closedBy]
 * @property {string | null} [closedReason]
 *
 * @typedef {{ kind?: string, description?: string, quantity?: number, unit?: string, amountMinor?: number }} InvoiceLineRow
 *
 * @typedef {object} InvoiceRow  one row of GET /api/invoices (and a session's invoice)
 * @property {number} id
 * @property {string} number  INV-000042
 * @property {number} sessionId
 * @property {number} stationId
 * @property {number} connectorId
 * @property {string | null} customerName
 * @property {'unpaid' | 'paid' | 'void'} status
 * @property {string} issuedAt
 * @property {string | null} paidAt
 * @property {string | null} voidedAt
 * @property {string | null} voidReason
 * @property {number} totalMinor
 * @property {string} currency
 * @property {InvoiceLineRow[]} [lines]
 *
 * @typedef {{ sampledAt: string, measurand: string, value: string, unit: string | null, context: string, phase: string | null }} MeterSampleRow
 *
 * @typedef {SessionRow & { invoice: InvoiceRow | null, series?: CurvePoint[], meterValues?: MeterSampleRow[] }} SessionPageDetail
 *   GET /api/sessions/:id
 *
 * @typedef {Booking & { customerId: number, idTag: string, customerName?: string | null, slotCode?: string, chargeBoxId?: string,
 *   stationId?: number, connectorId?: number }} CalendarBooking
 *   GET /api/bookings rows with the holder's name
 *
 * @typedef {{ id: number, code: string, stationId: number, connectorId: number, status: string, stationOnline?: boolean }} SlotRow
 *
 * @typedef {{ id: number, name: string, email: string | null, phone: string | null, createdAt?: string }} CustomerRow
 * @typedef {{ id: number, idTag: string, status: string, expiryDate: string | null, customerId: number | null }} IdTagDetail
 * @typedef {CustomerRow & { idTags: IdTagDetail[] }} CustomerDetail  GET /api/customers/:id
 *
 * @typedef {object} IssueRow  GET /api/issues rows
 * @property {number} id
 * @property {number} stationId
 * @property {number} connectorId
 * @property {string} title
 * @property {string | null} description
 * @property {string} status  open, in_progress, resolved, closed
 * @property {string} source
 * @property {string} openedBy
 * @property {string} openedAt
 * @property {string} [chargeBoxId]
 *
 * @typedef {{ id: number, author: string, body: string, createdAt: string }} IssueCommentRow
 * @typedef {IssueRow & { comments: IssueCommentRow[] }} IssueDetail  GET /api/issues/:id
 */
