// The HTTP contract as types, inferred from the route schemas (`*-schemas.ts` next to each feature's
// routes). The UI imports these with `import type` only: nothing here exists at run time, and the
// schema modules behind it import zod and config schemas only — no Node, no server code.
import type { z } from 'zod';
import type * as core from './runtime/core-schemas.js';
import type * as queue from './queue/queue-schemas.js';
import type * as printer from './queue/printer-schemas.js';
import type * as ratings from './ratings/ratings-schemas.js';
import type * as audio from './audio/audio-schemas.js';
import type * as keys from './keys/keys-schemas.js';
import type * as common from './http/common-schemas.js';
import type * as members from './members/members-schemas.js';
import type * as bookings from './bookings/bookings-schemas.js';
import type * as guests from './guests/guests-schemas.js';
import type * as reports from './reports/reports-schemas.js';
import type * as settings from './settings/settings-schemas.js';
import type * as outputs from './outputs/outputs-schemas.js';
import type * as complaints from './complaints/complaints-schemas.js';
import type * as handover from './handover/handover-schemas.js';
import type * as fleet from './fleet/fleet-schemas.js';

/** `{"error": {code, message}}`: every refusal. */
export type ErrorAnswer = z.output<typeof common.errorAnswer>;
export type Bilingual = z.output<typeof common.bilingualText>;

// Core: health, public config, sessions, live events.
export type Health = z.output<typeof core.health>;
/** A device's state as it reports it (`Health['devices']` entries add its kind). */
export type DeviceStatus = z.output<typeof core.deviceState>;
export type DeviceStateName = DeviceStatus['state'];
export type PublicConfig = z.output<typeof core.publicConfig>;
export type PublicService = PublicConfig['services'][number];
export type PublicCounter = PublicConfig['counters'][number];
export type LoginRequest = z.input<typeof core.loginBody>;
export type Session = z.output<typeof core.session>;
export type StaffIdentity = z.output<typeof core.staffIdentity>;
/** A committed domain event, the default message of `GET /api/events`; `P` narrows the payload. */
export type LiveEvent<P = Record<string, unknown>> = Omit<z.output<typeof core.liveEvent>, 'payload'> & { payload: P };
/** An `event: device` message of `GET /api/events`. */
export type DeviceEvent = z.output<typeof core.deviceEvent>;
/** The event contract: each event type with its payload type (`StoredEvent<'ticket.called'>`). */
export type { EventPayloads, EventType, StoredEvent } from './kernel/events.js';

// Queue and printer.
export type IssueTicketRequest = z.input<typeof queue.issueTicketBody>;
export type IssuedTicket = z.output<typeof queue.issuedTicket>;
export type TicketStatus = z.output<typeof queue.ticketStatus>;
export type TicketState = TicketStatus['state'];
export type QueueSnapshot = z.output<typeof queue.queueSnapshot>;
export type QueueServiceLine = QueueSnapshot['services'][number];
export type QueueCounter = QueueSnapshot['counters'][number];
export type RecentCall = QueueSnapshot['recentCalls'][number];
export type CounterAction = (typeof queue.counterActions)[number];
export type CounterActionAnswer = z.output<typeof queue.counterActionAnswer>;
export type TransferRequest = z.input<typeof queue.transferBody>;
export type PauseRequest = z.input<typeof queue.pauseBody>;
export type SimPrintout = z.output<typeof printer.simPrintout>;
export type UnprintedTicket = z.output<typeof printer.unprintedTicket>;
export type SimCondition = (typeof printer.simConditions)[number];

// Ratings.
export type Score = (typeof ratings.scores)[number];
export type FollowUpOutcome = (typeof ratings.followUpOutcomes)[number];
export type FollowUpListState = (typeof ratings.followUpListStates)[number];
export type RateRequest = z.input<typeof ratings.rateBody>;
export type RatingView = z.output<typeof ratings.ratingView>;
export type FollowUpView = z.output<typeof ratings.followUpView>;
export type CloseFollowUpRequest = z.input<typeof ratings.closeFollowUpBody>;
export type StatsLine = z.output<typeof ratings.statsLine>;
export type DailyStats = z.output<typeof ratings.dailyStats>;

// Audio.
export type PlanEntry = z.output<typeof audio.planEntry>;
export type AudioState = z.output<typeof audio.audioState>;
export type AnnouncementRequest = z.input<typeof audio.announcementBody>;
export type AudioControlRequest = z.input<typeof audio.audioControlBody>;

// Keys and shift handover.
export type KeyView = z.output<typeof keys.keyView>;
export type KeyCategory = KeyView['category'];
export type KeyList = z.output<typeof keys.keyList>;
export type HandoutRequest = z.input<typeof keys.handoutBody>;
export type ReturnRequest = z.input<typeof keys.returnBody>;
export type CorrectionRequest = z.input<typeof keys.correctionBody>;
export type ReconcileRequest = z.input<typeof keys.reconcileBody>;
export type Confirmation = (typeof keys.confirmations)[number];
export type KeyLogEntry = z.output<typeof keys.keyLogEntry>;
export type ChainVerdict = z.output<typeof keys.chainVerdict>;
export type ShiftReport = z.output<typeof keys.shiftReport>;
export type CardReaderState = z.output<typeof keys.cardReaderState>;

// Member card operations.
export type CardView = z.output<typeof members.cardView>;
export type SuspendRequest = z.input<typeof members.suspendBody>;
export type CardTransferRequest = z.input<typeof members.transferBody>;
export type ReplaceRequest = z.input<typeof members.replaceBody>;
export type PaperworkLine = z.output<typeof members.paperworkLine>;
export type SuspendAnswer = z.output<(typeof members.membersRoutes.suspend.response)[201]>;
export type CardTransferAnswer = z.output<(typeof members.membersRoutes.transfer.response)[201]>;
export type ReplaceAnswer = z.output<(typeof members.membersRoutes.replace.response)[201]>;
// Complaints and the written shift handover.
export type ComplaintView = z.output<typeof complaints.complaintView>;
export type OpenComplaintRequest = z.input<typeof complaints.openComplaintBody>;
export type CloseComplaintRequest = z.input<typeof complaints.closeComplaintBody>;
export type Handover = z.output<typeof handover.handoverView>;
export type HandoverRequest = z.input<typeof handover.handoverBody>;
export type HandoverHistory = z.output<(typeof handover.handoverRoutes.history.response)[200]>;
export type HandoverLatest = z.output<(typeof handover.handoverRoutes.latest.response)[200]>;
// Same-day bookings.
export type BookingView = z.output<typeof bookings.bookingView>;
export type BookingRequest = z.input<typeof bookings.bookingBody>;
export type BookingAnswer = z.output<(typeof bookings.bookingsRoutes.book.response)[201]>;
export type BookingsDay = z.output<(typeof bookings.bookingsRoutes.list.response)[200]>;

// Guest registration.
export type GuestView = z.output<typeof guests.guestView>;
export type GuestRequest = z.input<typeof guests.guestBody>;
export type GuestCompletion = z.input<typeof guests.guestCompletion>;
export type GuestsDay = z.output<(typeof guests.guestsRoutes.list.response)[200]>;
// Reports and alerts.
export type Report = z.output<typeof reports.report>;
export type GroupBy = (typeof reports.groupDimensions)[number];
export type ReportKind = (typeof reports.reportKinds)[number];
export type StoredReportEntry = z.output<typeof reports.storedReportEntry>;
export type Alert = z.output<typeof reports.alert>;
// Settings (managers) and choosing a new PIN after a reset.
export type SettingsView = z.output<typeof settings.settingsView>;
export type SaveSettingsRequest = z.input<typeof settings.saveBody>;
export type SettingsSaved = z.output<typeof settings.saved>;
export type ConfigChange = z.output<typeof settings.configChange>;
export type SettingsVersion = z.output<typeof settings.historyEntry>;
export type ChoosePinRequest = z.input<typeof settings.choosePinBody>;
export type MemberImportResult = z.output<typeof settings.memberImport>;
export type SpeechPreviewResult = z.output<typeof settings.speechPreview>;
export type PrinterTestResult = z.output<typeof settings.printerTest>;
// Timed outputs (relays).
export type OutputView = z.output<typeof outputs.outputView>;
export type OutputMode = (typeof outputs.overrideModes)[number];
export type OutputModeRequest = z.input<typeof outputs.outputModeBody>;
// Central (fleet): managers across sites.
export type CentralLoginRequest = z.input<typeof fleet.centralLoginBody>;
export type CentralSession = z.output<typeof fleet.centralSession>;
export type SiteSummary = z.output<typeof fleet.siteSummary>;
export type SiteDetail = z.output<typeof fleet.siteDetail>;
export type SiteFault = z.output<typeof fleet.deviceFault>;
export type SeqGap = z.output<typeof fleet.seqGap>;
export type FleetReportQuery = z.input<typeof fleet.fleetReportQuery>;
export type FleetReport = z.output<typeof fleet.fleetReport>;
export type SiteRanking = z.output<typeof fleet.siteRanking>;
export type SiteUpdate = z.output<typeof fleet.siteUpdate>;
