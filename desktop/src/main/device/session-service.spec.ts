import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { ResultErrorException, type ErrorCode } from '@seri/shared';
import { makeTempDir, makeUser, manualClock, userChange } from '../../../test/main/factories';
import { OpQueue } from '../queue/op-queue';
import { SessionService } from './session-service';

async function codeOf(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string; params?: Readonly<Record<string, number>> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ResultErrorException) return error.params ? { code: error.code, message: error.message, params: error.params } : { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ResultErrorException');
}

describe('SessionService (offline PIN login)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let queue: OpQueue;
  const clock = manualClock();
  // Cost 4 keeps the suite fast; the server decides the real cost of the hashes it sends.
  const hash = (pin: string): string => bcrypt.hashSync(pin, 4);

  beforeEach(() => {
    temp = makeTempDir();
    queue = new OpQueue(join(temp.dir, 'queue.sqlite3'));
  });
  afterEach(() => {
    queue.close();
    temp.cleanup();
  });

  it('logs a pulled user in with the right PIN, offline', async () => {
    const user = makeUser({ name: 'Fatou Ndiaye', role: 'MANAGER' });
    queue.storePulledPage([userChange(user)], 'c1', [{ userId: user.id, pinHash: hash('2468') }]);
    const sessions = new SessionService({ queue, now: clock.now });
    await expect(sessions.login({ userId: user.id, pin: '2468' })).resolves.toEqual({ userId: user.id, name: 'Fatou Ndiaye', role: 'MANAGER' });
  });

  it('answers BAD_PIN for a wrong PIN, an unknown user and a user without a PIN', async () => {
    const user = makeUser();
    const noPin = makeUser();
    queue.storePulledPage([userChange(user), userChange(noPin)], 'c1', [
      { userId: user.id, pinHash: hash('1234') },
      { userId: noPin.id, pinHash: null },
    ]);
    const sessions = new SessionService({ queue, now: clock.now });
    await expect(codeOf(sessions.login({ userId: user.id, pin: '4321' }))).resolves.toMatchObject({ code: 'BAD_PIN', message: 'PIN incorrect' });
    await expect(codeOf(sessions.login({ userId: makeUser().id, pin: '1234' }))).resolves.toMatchObject({ code: 'BAD_PIN' });
    await expect(codeOf(sessions.login({ userId: noPin.id, pin: '1234' }))).resolves.toMatchObject({ code: 'BAD_PIN' });
  });

  it('answers FORBIDDEN for a deactivated user with the right PIN', async () => {
    const user = makeUser({ active: false });
    queue.storePulledPage([userChange(user)], 'c1', [{ userId: user.id, pinHash: hash('1234') }]);
    const sessions = new SessionService({ queue, now: clock.now });
    await expect(codeOf(sessions.login({ userId: user.id, pin: '1234' }))).resolves.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('locks a user out for a while after 5 wrong PINs in a row, then lets the right PIN in', async () => {
    const user = makeUser();
    queue.storePulledPage([userChange(user)], 'c1', [{ userId: user.id, pinHash: hash('1234') }]);
    const sessions = new SessionService({ queue, now: clock.now, maxFailures: 5, lockoutMs: 30_000 });
    // Each wrong PIN says how many tries are left, so the screen can tell the cashier before the lockout.
    for (let i = 0; i < 4; i += 1) {
      await expect(codeOf(sessions.login({ userId: user.id, pin: '0000' }))).resolves.toEqual({ code: 'BAD_PIN', message: 'PIN incorrect', params: { attemptsLeft: 4 - i } });
    }
    await expect(codeOf(sessions.login({ userId: user.id, pin: '0000' }))).resolves.toMatchObject({ code: 'PIN_LOCKED', params: { seconds: 30 } });

    await expect(codeOf(sessions.login({ userId: user.id, pin: '1234' }))).resolves.toEqual({ code: 'PIN_LOCKED', message: "Trop d'essais : réessayez dans 30 s", params: { seconds: 30 } });
    clock.advance(29_000);
    await expect(codeOf(sessions.login({ userId: user.id, pin: '1234' }))).resolves.toMatchObject({ message: "Trop d'essais : réessayez dans 1 s" });
    clock.advance(1_000);
    await expect(sessions.login({ userId: user.id, pin: '1234' })).resolves.toMatchObject({ userId: user.id });
  });

  it('counts failures per user and forgets them after a success', async () => {
    const [a, b] = [makeUser(), makeUser()];
    queue.storePulledPage([userChange(a), userChange(b)], 'c1', [
      { userId: a.id, pinHash: hash('1111') },
      { userId: b.id, pinHash: hash('2222') },
    ]);
    const sessions = new SessionService({ queue, now: clock.now, maxFailures: 3 });
    await codeOf(sessions.login({ userId: a.id, pin: '0000' }));
    await codeOf(sessions.login({ userId: a.id, pin: '0000' }));
    await sessions.login({ userId: a.id, pin: '1111' });
    await codeOf(sessions.login({ userId: a.id, pin: '0000' }));
    await codeOf(sessions.login({ userId: a.id, pin: '0000' }));
    await expect(sessions.login({ userId: a.id, pin: '1111' })).resolves.toMatchObject({ userId: a.id });
    // Another cashier's typos never lock b out.
    await expect(sessions.login({ userId: b.id, pin: '2222' })).resolves.toMatchObject({ userId: b.id });
  });

  describe('manager approval (session:approve)', () => {
    it('approves a protected action with a manager PIN, offline, and says who approved', async () => {
      const manager = makeUser({ name: 'Fatou Ndiaye', role: 'MANAGER' });
      queue.storePulledPage([userChange(manager)], 'c1', [{ userId: manager.id, pinHash: hash('2468') }]);
      const sessions = new SessionService({ queue, now: clock.now });
      await expect(sessions.approve({ userId: manager.id, pin: '2468', action: 'VOID_SALE' })).resolves.toEqual({
        approverId: manager.id,
        name: 'Fatou Ndiaye',
        role: 'MANAGER',
        action: 'VOID_SALE',
        approvedAt: new Date(clock.now()).toISOString(),
      });
    });

    it('accepts an ADMIN and refuses a cashier with the right PIN (FORBIDDEN)', async () => {
      const admin = makeUser({ role: 'ADMIN' });
      const cashier = makeUser({ role: 'CASHIER', name: 'Moussa' });
      queue.storePulledPage([userChange(admin), userChange(cashier)], 'c1', [
        { userId: admin.id, pinHash: hash('1357') },
        { userId: cashier.id, pinHash: hash('1111') },
      ]);
      const sessions = new SessionService({ queue, now: clock.now });
      await expect(sessions.approve({ userId: admin.id, pin: '1357', action: 'REFUND_SALE' })).resolves.toMatchObject({ role: 'ADMIN' });
      await expect(codeOf(sessions.approve({ userId: cashier.id, pin: '1111', action: 'DISCOUNT' }))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('answers BAD_PIN for a wrong PIN and FORBIDDEN for a deactivated manager', async () => {
      const manager = makeUser({ role: 'MANAGER' });
      const former = makeUser({ role: 'MANAGER', active: false });
      queue.storePulledPage([userChange(manager), userChange(former)], 'c1', [
        { userId: manager.id, pinHash: hash('2468') },
        { userId: former.id, pinHash: hash('2468') },
      ]);
      const sessions = new SessionService({ queue, now: clock.now });
      await expect(codeOf(sessions.approve({ userId: manager.id, pin: '0000', action: 'VOID_SALE' }))).resolves.toMatchObject({ code: 'BAD_PIN' });
      await expect(codeOf(sessions.approve({ userId: former.id, pin: '2468', action: 'VOID_SALE' }))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('is throttled like login: wrong PINs at login and at approval count together', async () => {
      const manager = makeUser({ role: 'MANAGER' });
      queue.storePulledPage([userChange(manager)], 'c1', [{ userId: manager.id, pinHash: hash('2468') }]);
      const sessions = new SessionService({ queue, now: clock.now, maxFailures: 3, lockoutMs: 30_000 });
      await codeOf(sessions.login({ userId: manager.id, pin: '0000' }));
      await codeOf(sessions.approve({ userId: manager.id, pin: '0001', action: 'DISCOUNT' }));
      await codeOf(sessions.approve({ userId: manager.id, pin: '0002', action: 'DISCOUNT' }));
      await expect(codeOf(sessions.approve({ userId: manager.id, pin: '2468', action: 'DISCOUNT' }))).resolves.toEqual({
        code: 'PIN_LOCKED',
        message: "Trop d'essais : réessayez dans 30 s",
        params: { seconds: 30 },
      });
      clock.advance(30_000);
      await expect(sessions.approve({ userId: manager.id, pin: '2468', action: 'DISCOUNT' })).resolves.toMatchObject({ approverId: manager.id });
    });
  });
});
