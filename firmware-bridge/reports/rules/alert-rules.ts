import type { AlertRaised, StoredEvent } from '../../kernel/events.js';

export type AlertKind = AlertRaised['kind'];

/** An alert for the duty manager: ids of counters, services, devices, follow-ups and complaints only, never a customer. */
export type AlertDraft = Omit<AlertRaised, 'alertId'>;

/** What the alert rules need from config (`alerts.*`, `services[].targetWaitSec`). */
export interface AlertThresholds {
  unsatisfiedInARow: number;
  waitAboveTargetMin: number;
  deviceFaultMin: number;
  followUpDueSoonMin: number;
}

/** What the rules remember between calls, so each alert is raised once per episode. */
export interface AlertMemory {
  streaks: Map<string, number>;
  waitAboveSince: Map<string, number>;
  waitRaised: Set<string>;
  faultsRaised: Set<string>;
  followUpsRaised: Set<string>;
}

/**
 * What the rules remember from before a restart, given the alerts raised and the follow-ups
 * rescheduled, oldest first: a follow-up is not announced twice for the same call time.
 */
export function alertMemoryFrom(history: readonly (StoredEvent<'alert.raised'> | StoredEvent<'followup.rescheduled'>)[]): AlertMemory {
  const memory = emptyAlertMemory();
  for (const e of history) {
    if (e.type === 'followup.rescheduled') memory.followUpsRaised.delete(e.payload.followUpId);
    else if (e.payload.kind === 'followup_due_soon' && e.payload.followUpId) memory.followUpsRaised.add(e.payload.followUpId);
  }
  return memory;
}

export function emptyAlertMemory(): AlertMemory {
  return { streaks: new Map(), waitAboveSince: new Map(), waitRaised: new Set(), faultsRaised: new Set(), followUpsRaised: new Set() };
}

/** Alerts raised by committed events: every unsatisfied rating, and N of them in a row at one counter. */
export function alertsFromEvents(memory: AlertMemory, events: readonly StoredEvent[], thresholds: AlertThresholds): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const event of events) {
    const p = event.payload as unknown as Record<string, unknown>;
    if (event.type === 'rating.recorded') {
      const counter = String(p.counter);
      if (p.score !== 'unsatisfied') {
        memory.streaks.set(counter, 0);
        continue;
      }
      out.push({ kind: 'unsatisfied_rating', counter, message: `${counter}号窗口收到不满意评价 · Unsatisfied rating at counter ${counter}` });
      const streak = (memory.streaks.get(counter) ?? 0) + 1;
      memory.streaks.set(counter, streak);
      if (streak === thresholds.unsatisfiedInARow)
        out.push({ kind: 'unsatisfied_streak', counter, count: streak, message: `${counter}号窗口连续 ${streak} 个不满意 · ${streak} unsatisfied ratings in a row at counter ${counter}` });
    }
    // Closed, or called without reaching anyone: a rescheduled follow-up is announced again for its next attempt.
    if (event.type === 'followup.closed' || event.type === 'followup.rescheduled') memory.followUpsRaised.delete(String(p.followUpId));
    // 首问负责: the duty manager hears of every complaint as it is opened (its owner and text stay in the complaints table).
    if (event.type === 'complaint.opened')
      out.push({ kind: 'complaint_opened', complaintId: String(p.complaintId), message: `新投诉已登记，请跟进 · A complaint was opened: please follow it up` });
  }
  return out;
}

export interface Observation {
  now: number;
  /** Per service: how long its longest-waiting ticket has waited, and its target. */
  services: readonly { id: string; oldestWaitSec: number; targetWaitSec: number }[];
  devices: readonly { id: string; state: string; since: string }[];
  /** `nextAttemptAt`: after an unreachable call, the time of the next call (it replaces `dueAt`). */
  openFollowUps: readonly OpenFollowUp[];
}

export interface OpenFollowUp {
  id: string;
  counter: string;
  dueAt: number;
  nextAttemptAt?: number | null;
  attempts?: number;
}

/** Alerts from the live state, checked periodically: long waits, lasting device faults, follow-ups nearly due. */
export function alertsFromObservation(memory: AlertMemory, seen: Observation, thresholds: AlertThresholds): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const s of seen.services) {
    if (s.oldestWaitSec <= s.targetWaitSec) {
      memory.waitAboveSince.delete(s.id);
      memory.waitRaised.delete(s.id);
      continue;
    }
    // Above target since the moment the oldest ticket crossed it.
    const since = memory.waitAboveSince.get(s.id) ?? seen.now - (s.oldestWaitSec - s.targetWaitSec) * 1000;
    memory.waitAboveSince.set(s.id, since);
    if (!memory.waitRaised.has(s.id) && seen.now - since >= thresholds.waitAboveTargetMin * 60_000) {
      memory.waitRaised.add(s.id);
      const minutes = Math.round(s.oldestWaitSec / 60);
      out.push({ kind: 'wait_above_target', service: s.id, message: `业务 ${s.id} 等候超时（最长 ${minutes} 分钟） · Waits above target for ${s.id} (longest ${minutes} min)` });
    }
  }
  for (const d of seen.devices) {
    const episode = `${d.id} ${d.since}`;
    if (d.state !== 'fault' && d.state !== 'offline') continue;
    if (memory.faultsRaised.has(episode) || seen.now - Date.parse(d.since) < thresholds.deviceFaultMin * 60_000) continue;
    memory.faultsRaised.add(episode);
    const minutes = Math.round((seen.now - Date.parse(d.since)) / 60_000);
    out.push({ kind: 'device_fault', device: d.id, message: `设备 ${d.id} 故障已 ${minutes} 分钟 · Device ${d.id} has been ${d.state} for ${minutes} min` });
  }
  for (const f of seen.openFollowUps) {
    const retry = f.nextAttemptAt != null;
    const left = (retry ? f.nextAttemptAt! : f.dueAt) - seen.now;
    if (memory.followUpsRaised.has(f.id) || left > thresholds.followUpDueSoonMin * 60_000 || left < 0) continue;
    memory.followUpsRaised.add(f.id);
    const minutes = Math.round(left / 60_000);
    const attempt = (f.attempts ?? 0) + 1;
    out.push({
      kind: 'followup_due_soon',
      followUpId: f.id,
      counter: f.counter,
      message: retry
        ? `回访第 ${attempt} 次拨打将在 ${minutes} 分钟后到时（${f.counter}号窗口） · Call ${attempt} of a follow-up (counter ${f.counter}) is due in ${minutes} min`
        : `回访将在 ${minutes} 分钟后逾期（${f.counter}号窗口） · A follow-up (counter ${f.counter}) is due in ${minutes} min`,
    });
  }
  return out;
}
