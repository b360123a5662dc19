import type { UpdateStatus } from '@seri/shared';
import { ManualTimers } from '../../../test/main/fake-sync-server';
import { FakeUpdater } from '../../../test/main/fake-updater';
import { silentLogger } from '../logger';
import { UpdateCoordinator } from '../updates/update-coordinator';
import { resolveUpdateFeed } from '../updates/update-feed';
import { UPDATE_CHECK_EVERY_MS, startAutoUpdates, type UpdaterLike } from './auto-updater';

describe('auto-updater glue (electron-updater stand-in)', () => {
  let updater: FakeUpdater;
  let timers: ManualTimers;
  let emitted: UpdateStatus[];
  let coordinator: UpdateCoordinator;

  beforeEach(() => {
    updater = new FakeUpdater();
    timers = new ManualTimers();
    emitted = [];
    coordinator = new UpdateCoordinator({ emit: (status) => emitted.push(status), install: () => Promise.resolve(), timers: new ManualTimers(), logger: silentLogger });
  });

  const start = (feed = resolveUpdateFeed({})) =>
    startAutoUpdates({ updater: updater as unknown as UpdaterLike, coordinator, feed, logger: silentLogger, timers, random: () => 0.5 });

  it('downloads in the background, installs on a normal quit, never downgrades, keeps the built-in feed', () => {
    start();
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: false, channel: 'latest', feed: null, logger: silentLogger });
  });

  it('uses the provisioned channel and feed URL (a generic HTTPS feed)', () => {
    start(resolveUpdateFeed({ updateChannel: 'beta', updateUrl: 'https://updates.boutique.example/seri-pos/' }));
    expect(updater.channel).toBe('beta');
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.boutique.example/seri-pos/', channel: 'beta' });
  });

  it('checks a minute after start, then every few hours, with jitter, until stopped', async () => {
    const updates = start();
    expect(timers.delays()).toEqual([60_000]);
    timers.fireAll();
    await waitFor(() => timers.count === 1);
    expect(updater.checks).toBe(1);
    expect(timers.delays()).toEqual([UPDATE_CHECK_EVERY_MS]);
    updates.stop();
    expect(timers.count).toBe(0);
    await updates.check();
    expect(updater.checks).toBe(1);
  });

  it("forwards electron-updater's events to the coordinator", () => {
    start();
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.4.0' });
    updater.emit('download-progress', { percent: 41.7 });
    updater.emit('update-downloaded', { version: '1.4.0' });
    expect(emitted.map((s) => s.state)).toEqual(['checking', 'downloading', 'downloading', 'ready']);
    expect(coordinator.status()).toMatchObject({ state: 'ready', version: '1.4.0', waitingFor: 'no-activity-report' });
  });

  it('a feed that cannot be reached is a status, not a crash', async () => {
    start();
    updater.onCheck = () => Promise.reject(new Error('getaddrinfo ENOTFOUND updates.boutique.example'));
    await start().check();
    expect(coordinator.status().state).toBe('error');
    updater.emit('error', new Error('sha512 checksum mismatch'));
    expect(coordinator.status().state).toBe('error');
  });

  it('does nothing at all when IT turned self-updates off', async () => {
    const updates = start(resolveUpdateFeed({ autoUpdate: false, updateChannel: 'beta' }));
    expect(timers.count).toBe(0);
    await updates.check();
    expect(updater.checks).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(coordinator.status().state).toBe('disabled');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
