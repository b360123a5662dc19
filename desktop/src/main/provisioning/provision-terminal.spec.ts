import bcrypt from 'bcryptjs';
import { FakeSyncServer, ManualTimers } from '../../../test/main/fake-sync-server';
import { makeTempDir, makeUser, userChange } from '../../../test/main/factories';
import { silentLogger } from '../logger';
import { Backoff } from '../sync/backoff';
import { createTerminalCore, type TerminalCore } from '../terminal-core';
import { enrollFromProvisioning, type ProvisionTerminalOptions } from './provision-terminal';
import type { ProvisioningSettings } from './provisioning-settings';

const RENDERER = 'http://127.0.0.1:47002';

describe('enrollment from provisioning at first start (real core, local imitation of the API)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: FakeSyncServer;
  let core: TerminalCore;
  let timers: ManualTimers;

  beforeEach(async () => {
    temp = makeTempDir();
    server = new FakeSyncServer();
    await server.start();
    timers = new ManualTimers();
    core = createTerminalCore({ dataDir: temp.dir, emit: () => undefined, allowedOrigins: [RENDERER], timers: new ManualTimers(), logger: silentLogger });
  });
  afterEach(async () => {
    await core.close();
    await server.stop();
    temp.cleanup();
  });

  function provision(settings: ProvisioningSettings, extra: Partial<ProvisionTerminalOptions> = {}) {
    return enrollFromProvisioning({
      settings,
      device: core.device,
      startSync: () => core.worker.start(),
      defaultName: 'POS-PLATEAU-07',
      timers,
      backoff: new Backoff({ baseMs: 5_000, capMs: 300_000, random: () => 0.5 }),
      logger: silentLogger,
      ...extra,
    });
  }

  const enrollRequests = () => server.requests.filter((r) => r.path === '/api/devices/enroll');

  it('enrolls an unenrolled terminal with the provisioned URL, code and name, then syncs the users for login', async () => {
    const cashier = makeUser({ shopId: server.shop.id });
    server.addChange(userChange(cashier), bcrypt.hashSync('1234', 4));
    const onEnrolled = jest.fn();
    const enrollment = provision({ serverUrl: `${server.url}/`, enrollmentCode: server.enrollCode, terminalName: 'Caisse 2' }, { onEnrolled });

    await expect(enrollment.firstAttempt).resolves.toBe('enrolled');
    expect(core.device.info()).toMatchObject({ enrolled: true, deviceName: 'Caisse 2', serverUrl: server.url, shop: server.shop });
    expect(enrollRequests().map((r) => r.body)).toEqual([{ code: server.enrollCode, name: 'Caisse 2' }]);
    expect(onEnrolled).toHaveBeenCalledTimes(1);
    await core.worker.whenIdle();
    await expect(core.sessions.login({ userId: cashier.id, pin: '1234' })).resolves.toMatchObject({ userId: cashier.id });
  });

  it("takes the computer's name when IT gave none", async () => {
    await expect(provision({ serverUrl: server.url, enrollmentCode: server.enrollCode }).firstAttempt).resolves.toBe('enrolled');
    expect(core.device.info().deviceName).toBe('POS-PLATEAU-07');
  });

  it('does nothing on later starts: an enrolled terminal never uses the code again', async () => {
    await provision({ serverUrl: server.url, enrollmentCode: server.enrollCode }).firstAttempt;
    await expect(provision({ serverUrl: server.url, enrollmentCode: server.enrollCode }).firstAttempt).resolves.toBe('already-enrolled');
    expect(enrollRequests()).toHaveLength(1);
  });

  it('leaves the enroll screen to the cashier when URL or code is missing', async () => {
    await expect(provision({}).firstAttempt).resolves.toBe('not-provisioned');
    await expect(provision({ serverUrl: server.url, printer: 'EPSON' }).firstAttempt).resolves.toBe('not-provisioned');
    await expect(provision({ enrollmentCode: server.enrollCode }).firstAttempt).resolves.toBe('not-provisioned');
    expect(enrollRequests()).toHaveLength(0);
    expect(core.device.enrolled).toBe(false);
  });

  it('keeps trying in the background while the server is unreachable, backing off, and enrolls when it answers', async () => {
    server.fail('/api/devices/enroll', { status: 0, cut: true }, 2);
    const onEnrolled = jest.fn();
    const enrollment = provision({ serverUrl: server.url, enrollmentCode: server.enrollCode }, { onEnrolled });
    await expect(enrollment.firstAttempt).resolves.toBe('retrying');
    expect(core.device.enrolled).toBe(false);
    expect(timers.delays()).toEqual([2_500]);

    timers.fireAll();
    await waitFor(() => timers.count === 1);
    expect(timers.delays()).toEqual([5_000]);
    expect(onEnrolled).not.toHaveBeenCalled();

    timers.fireAll();
    await waitFor(() => onEnrolled.mock.calls.length === 1);
    expect(core.device.enrolled).toBe(true);
    expect(timers.count).toBe(0);
    expect(enrollRequests()).toHaveLength(3);
  });

  it('stops retrying when the app quits, and when the cashier enrolled on screen meanwhile', async () => {
    server.fail('/api/devices/enroll', { status: 0, cut: true }, 1);
    const enrollment = provision({ serverUrl: server.url, enrollmentCode: server.enrollCode });
    await expect(enrollment.firstAttempt).resolves.toBe('retrying');
    enrollment.stop();
    expect(timers.count).toBe(0);

    server.fail('/api/devices/enroll', { status: 0, cut: true }, 1);
    const onEnrolled = jest.fn();
    await expect(provision({ serverUrl: server.url, enrollmentCode: server.enrollCode }, { onEnrolled }).firstAttempt).resolves.toBe('retrying');
    await core.device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse manuelle' });
    const before = enrollRequests().length;
    timers.fireAll();
    await flush();
    expect(enrollRequests()).toHaveLength(before);
    expect(timers.count).toBe(0);
    expect(onEnrolled).not.toHaveBeenCalled();
    expect(core.device.info().deviceName).toBe('Caisse manuelle');
  });

  it('logs a refused code and leaves it to a person: no retry, no crash', async () => {
    const errors: string[] = [];
    const enrollment = provision(
      { serverUrl: server.url, enrollmentCode: 'EXPIRED-99' },
      { logger: { ...silentLogger, error: (message: string) => errors.push(message) } },
    );
    await expect(enrollment.firstAttempt).resolves.toBe('refused');
    expect(timers.count).toBe(0);
    expect(core.device.enrolled).toBe(false);
    expect(errors).toEqual([expect.stringContaining("Code d'enrôlement invalide ou expiré")]);
    expect(errors.join()).not.toContain('EXPIRED-99');
  });
});

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits for main's async work (loopback HTTP, SQLite) to reach a state; bounded by count, not time. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
