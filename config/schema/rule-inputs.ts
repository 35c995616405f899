import type { PlannerConfig } from '../../firmware-bridge/audio/rules/day-plan.js';
import type { OpeningHours } from '../../firmware-bridge/kernel/opening-hours.js';
import type { CardSettings } from '../../firmware-bridge/members/rules/card-rules.js';
import type { StaffMember } from '../../firmware-bridge/keys/rules/handout-rules.js';
import type { KeyInventoryItem } from '../../firmware-bridge/keys/rules/key-inventory.js';
import type { QueueSettings, ServiceRule } from '../../firmware-bridge/queue/rules/queue-commands.js';
import type { QueueRules } from '../../firmware-bridge/queue/rules/queue-state.js';
import type { FollowUpRules } from '../../firmware-bridge/ratings/rules/follow-up-due.js';
import type { FrontdeskConfig } from './index.js';

/*
 * The pure rules declare the narrow config shapes they read, without zod. These checks fail to
 * compile when the schema and a rule's shape drift apart (types only: nothing here runs).
 */
type Fits<Config extends Rule, Rule> = [Config, Rule];

export type RuleInputsFitTheConfig = [
  Fits<FrontdeskConfig['hours'], OpeningHours>,
  Fits<FrontdeskConfig, PlannerConfig>,
  Fits<FrontdeskConfig['queue'], QueueSettings & QueueRules>,
  Fits<FrontdeskConfig['services'][number], ServiceRule>,
  Fits<FrontdeskConfig['keys'][number], KeyInventoryItem>,
  Fits<FrontdeskConfig['staff'][number], StaffMember>,
  Fits<FrontdeskConfig['ratings']['followUp'], FollowUpRules>,
  Fits<FrontdeskConfig['cards'], CardSettings>,
];
