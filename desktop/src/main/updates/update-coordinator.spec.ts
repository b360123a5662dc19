import type { TillActivity, UpdateStatus } from '@seri/shared';
import { ManualTimers } from '../../../test/main/fake-sync-server';
import { silentLogger } from '../logger';
import { UpdateCoordinator } from './update-coordinator';

const QUIET = 600_000;
const idle: TillActivity = { cartLines: 0, outboxPending: 0, saleInProgress: false };

describe('UpdateCoordinator (status for the renderer, install when the till is free)', () => {
  let now: number;
  let timers: ManualTimers;
  let emitted: UpdateStatus[];
  let install: jest.Mock<Promise<void>, []>;
  let coordinator: UpdateCoordinator;

  beforeEach(() => {
    now = 1_000;
    timers = new ManualTimers();
    emitted = [];
    install = jest.fn(() => Promise.resolve());
    coordinator = new UpdateCoordinator({ emit: (status) => emitted.push(status), install, now: () => now, timers, quietMs: QUIET, logger: silentLogger });
  });

  it('reports checking, downloading with whole percents, then ready, asking the renderer for a fresh report', () => {
    coordinator.checking();
    coordinator.available('1.4.0');
    coordinator.progress(12.3);
    coordinator.progress(12.9);
    coordinator.progress(57);
    coordinator.downloaded('1.4.0');
    expect(emitted.map((s) => `${s.state}:${s.version ?? '-'}:${s.percent ?? '-'}:${s.waitingFor ?? '-'}`)).toEqual([
      'checking:-:-:-',
      'downloading:1.4.0:0:-',
      'downloading:1.4.0:12:-',
      'downloading:1.4.0:57:-',
      'ready:1.4.0:-:no-activity-report',
    ]);
    expect(install).not.toHaveBeenCalled();
  });

  it('[I1] waits through a sale and installs once the till has stayed free for the quiet period', async () => {
    coordinator.downloaded('1.4.0');
    expect(coordinator.reportActivity({ ...idle, cartLines: 2 })).toMatchObject({ state: 'ready', waitingFor: 'cart-not-empty' });
    now += 30_000;
    expect(coordinator.reportActivity({ ...idle, cartLines: 2, saleInProgress: true })).toMatchObject({ waitingFor: 'sale-in-progress' });
    now += 5_000;
    expect(coordinator.reportActivity({ ...idle, outboxPending: 1 })).toMatchObject({ waitingFor: 'outbox-not-handed-over' });
    expect(timers.count).toBe(0);
    now += 1_000;
    expect(coordinator.reportActivity(idle)).toMatchObject({ waitingFor: 'till-recently-used' });
    expect(timers.delays()).toEqual([QUIET]);

    now += QUIET - 1;
    timers.fireAll();
    expect(install).not.toHaveBeenCalled();
    expect(timers.delays()).toEqual([1]);
    now += 1;
    timers.fireAll();
    expect(install).toHaveBeenCalledTimes(1);
    expect(coordinator.status()).toMatchObject({ state: 'installing', version: '1.4.0', waitingFor: null });
    await Promise.resolve();
    // Reports after the restart began change nothing.
    coordinator.reportActivity(idle);
    coordinator.downloaded('1.4.0');
    expect(install).toHaveBeenCalledTimes(1);
  });

  it('[I1] a sale starting during the quiet period cancels the pending install', () => {
    coordinator.downloaded('1.4.0');
    coordinator.reportActivity(idle);
    expect(timers.count).toBe(1);
    now += 60_000;
    coordinator.reportActivity({ ...idle, cartLines: 1 });
    expect(timers.count).toBe(0);
    now += 10 * QUIET;
    expect(install).not.toHaveBeenCalled();
    expect(coordinator.status().waitingFor).toBe('cart-not-empty');
  });

  it('installs at once when the till had been free long before the update arrived', () => {
    coordinator.reportActivity(idle);
    now += QUIET;
    coordinator.downloaded('1.4.0');
    expect(install).not.toHaveBeenCalled();
    expect(coordinator.reportActivity(idle).state).toBe('installing');
    expect(install).toHaveBeenCalledTimes(1);
  });

  it('keeps running on this version when the install fails, and says so', async () => {
    install.mockRejectedValueOnce(new Error('the core would not close'));
    coordinator.reportActivity(idle);
    now += QUIET;
    coordinator.downloaded('1.4.0');
    coordinator.reportActivity(idle);
    await new Promise((resolve) => setImmediate(resolve));
    expect(coordinator.status()).toEqual({ state: 'error', version: '1.4.0', percent: null, waitingFor: null });
  });

  it('a failed later check does not hide an update already downloaded', () => {
    coordinator.failed(new Error('feed unreachable'));
    expect(coordinator.status().state).toBe('error');
    coordinator.downloaded('1.4.0');
    coordinator.failed(new Error('feed unreachable'));
    coordinator.checking();
    coordinator.notAvailable();
    expect(coordinator.status()).toMatchObject({ state: 'ready', version: '1.4.0' });
  });

  it('answers disabled when IT turned self-updates off, and never installs', () => {
    coordinator.disable();
    expect(coordinator.reportActivity(idle)).toEqual({ state: 'disabled', version: null, percent: null, waitingFor: null });
    now += 10 * QUIET;
    expect(install).not.toHaveBeenCalled();
  });

  it('stop() drops the pending re-check (app quitting)', () => {
    coordinator.downloaded('1.4.0');
    coordinator.reportActivity(idle);
    expect(timers.count).toBe(1);
    coordinator.stop();
    expect(timers.count).toBe(0);
  });

  it('keeps going when the renderer is gone and the status cannot be sent', () => {
    const failing = new UpdateCoordinator({
      emit: () => {
        throw new Error('webContents destroyed');
      },
      install,
      now: () => now,
      timers,
      quietMs: QUIET,
      logger: silentLogger,
    });
    expect(() => failing.downloaded('1.4.0')).not.toThrow();
    expect(failing.status().state).toBe('ready');
  });
});
