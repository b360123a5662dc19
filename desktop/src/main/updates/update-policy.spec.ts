import fc from 'fast-check';
import type { TillActivity } from '@seri/shared';
import { NO_TILL_REPORT, decideInstall, recordTillActivity, tillBusyReason, type TillState } from './update-policy';

const QUIET = 600_000;
const idle: TillActivity = { cartLines: 0, outboxPending: 0, saleInProgress: false };
const activity = (patch: Partial<TillActivity>): TillActivity => ({ ...idle, ...patch });

function reports(...steps: [number, TillActivity][]): TillState {
  return steps.reduce<TillState>((state, [at, report]) => recordTillActivity(state, report, at), NO_TILL_REPORT);
}

describe('update install policy', () => {
  it('has nothing to do without a downloaded update', () => {
    expect(decideInstall({ till: reports([0, idle]), readySince: null, now: 10 * QUIET, quietMs: QUIET })).toEqual({ install: false, waitingFor: null, recheckInMs: null });
  });

  it('installs once the till answered it is free and stayed free for the quiet period', () => {
    const till = reports([1_000, idle]);
    expect(decideInstall({ till, readySince: 1_000, now: 1_000 + QUIET, quietMs: QUIET })).toEqual({ install: true });
  });

  it('waits for an answer given after the update was announced (an older report may be stale)', () => {
    const till = reports([0, idle]);
    expect(decideInstall({ till, readySince: 5_000, now: 10 * QUIET, quietMs: QUIET })).toEqual({ install: false, waitingFor: 'no-activity-report', recheckInMs: null });
    expect(decideInstall({ till: NO_TILL_REPORT, readySince: 5_000, now: 10 * QUIET, quietMs: QUIET })).toMatchObject({ install: false, waitingFor: 'no-activity-report' });
  });

  it.each([
    ['sale-in-progress', activity({ saleInProgress: true })],
    ['sale-in-progress', activity({ saleInProgress: true, cartLines: 3, outboxPending: 2 })],
    ['cart-not-empty', activity({ cartLines: 1 })],
    ['outbox-not-handed-over', activity({ outboxPending: 1 })],
  ] as const)('[I1] never restarts while the till reports %s', (reason, report) => {
    const till = reports([0, report]);
    expect(tillBusyReason(report)).toBe(reason);
    expect(decideInstall({ till, readySince: 0, now: 100 * QUIET, quietMs: QUIET })).toEqual({ install: false, waitingFor: reason, recheckInMs: null });
  });

  it('counts the quiet period from the end of the last sale, and says when to look again', () => {
    const till = reports([0, activity({ cartLines: 2 })], [60_000, activity({ saleInProgress: true })], [90_000, idle], [95_000, idle]);
    expect(till.idleSince).toBe(90_000);
    expect(decideInstall({ till, readySince: 95_000, now: 100_000, quietMs: QUIET })).toEqual({ install: false, waitingFor: 'till-recently-used', recheckInMs: QUIET - 10_000 });
    expect(decideInstall({ till, readySince: 95_000, now: 90_000 + QUIET, quietMs: QUIET })).toEqual({ install: true });
  });

  it('never asks to look again later than the quiet period, whatever the clock did', () => {
    const till = reports([5_000, idle]);
    expect(decideInstall({ till, readySince: 5_000, now: 1_000, quietMs: QUIET })).toMatchObject({ install: false, recheckInMs: QUIET });
  });

  it('[I1] property: whatever the reports, it installs only on a fresh report of a free till, quiet long enough', () => {
    const report = fc.record({ cartLines: fc.nat(5), outboxPending: fc.nat(5), saleInProgress: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3_600_000), report), { maxLength: 30 }), fc.nat(3_600_000), fc.nat(7_200_000), (steps, readySince, now) => {
        const sorted = [...steps].sort((a, b) => a[0] - b[0]);
        const till = reports(...sorted);
        const decision = decideInstall({ till, readySince, now, quietMs: QUIET });
        if (!decision.install) return;
        const last = sorted.at(-1);
        expect(last).toBeDefined();
        expect(last![0]).toBeGreaterThanOrEqual(readySince);
        expect(tillBusyReason(last![1])).toBeNull();
        // No busy report within the quiet period before `now`.
        for (const [at, step] of sorted) if (now - at < QUIET) expect(tillBusyReason(step)).toBeNull();
      }),
    );
  });
});
