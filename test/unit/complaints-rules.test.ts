import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { callbackDueAt, closeComplaint, openComplaint, openedEvent, type Complaint } from '../../firmware-bridge/complaints/rules/complaint-rules.js';

const rules = suite('complaint rules');
const openedAt = Date.parse('2026-11-24T10:00:00+08:00');
const complaint = (): Complaint =>
  openComplaint({ id: 'k1', what: ' 储物柜钥匙被错发 ', ticketId: 't1', contact: '13800000000', solution: null, owner: { number: '001', name: '张敏' }, at: openedAt });
const clerk = { number: '002', roles: ['clerk'] };
const owner = { number: '001', roles: ['clerk'] };
const manager = { number: '900', roles: ['manager'] };

rules('opening: the first taker owns it; the event carries no words and no contact', () => {
  const c = complaint();
  assert.is(c.owner, '001');
  assert.is(c.what, '储物柜钥匙被错发');
  const event = openedEvent(c);
  assert.equal(event.payload, { complaintId: 'k1', ticketId: 't1', owner: '001', followUpId: null });
  assert.not.match(JSON.stringify(event), /13800000000|钥匙/);
});

rules('the callback is due 3 days after opening', () => {
  assert.is(callbackDueAt(openedAt), Date.parse('2026-11-27T10:00:00+08:00'));
});

rules('closing without a root cause or an action is refused', () => {
  for (const [cause, action] of [[undefined, '培训'], ['钥匙挂错', ''], ['  ', '  '], [null, null]] as const) {
    const r = closeComplaint(complaint(), { cause, action, by: owner, at: openedAt + 1000 });
    assert.ok('refused' in r, `${String(cause)} / ${String(action)}`);
    if ('refused' in r) {
      assert.is(r.status, 400);
      assert.is(r.code, 'cause_and_action_required');
    }
  }
});

rules('only the owner or a manager may close', () => {
  const byOther = closeComplaint(complaint(), { cause: '钥匙挂错', action: '钥匙板重新编号', by: clerk, at: openedAt + 1000 });
  assert.ok('refused' in byOther && byOther.status === 403 && byOther.code === 'not_owner');
  for (const by of [owner, manager]) {
    const r = closeComplaint(complaint(), { cause: '钥匙挂错', action: '钥匙板重新编号', by, at: openedAt + 1000 });
    assert.ok(!('refused' in r));
    if (!('refused' in r)) {
      assert.is(r.complaint.state, 'closed');
      assert.is(r.complaint.closedBy, by.number);
      assert.equal(r.event.payload, { complaintId: 'k1', owner: '001', closedBy: by.number, withinDue: true });
    }
  }
});

rules('a closed complaint is not closed twice; late closing is marked', () => {
  const late = closeComplaint(complaint(), { cause: 'c', action: 'a', by: owner, at: callbackDueAt(openedAt) + 1 });
  assert.ok(!('refused' in late));
  if ('refused' in late) return;
  assert.is(late.event.payload.withinDue, false);
  const again = closeComplaint(late.complaint, { cause: 'c', action: 'a', by: owner, at: openedAt });
  assert.ok('refused' in again && again.status === 409);
});

rules.run();
