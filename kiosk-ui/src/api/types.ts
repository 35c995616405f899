// The HTTP contract as the UI sees it: the types inferred from the service's route schemas
// (firmware-bridge/contract.ts), never copied by hand. Type-only: nothing of the server is bundled.
export type {
  Bilingual,
  CounterAction,
  DeviceEvent,
  DeviceStatus,
  DeviceStateName as DeviceState,
  Health,
  IssuedTicket,
  LiveEvent,
  PublicConfig,
  PublicCounter,
  PublicService,
  QueueCounter,
  QueueServiceLine as QueueService,
  QueueSnapshot,
  RecentCall,
  Session,
  StaffIdentity as StaffInfo,
  TicketState,
  TicketStatus,
  TicketStatus as CounterTicket,
} from '../../../firmware-bridge/contract.js';
