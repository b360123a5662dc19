import type { CustomerDisplayStatus, DisplayScreen } from '@seri/shared';
import { makeTempDir, thrownCode } from '../../../test/main/factories';
import { silentLogger } from '../logger';
import { ManualTimers } from '../../../test/main/fake-sync-server';
import { createTerminalCore, type TerminalCore } from '../terminal-core';
import { NO_CUSTOMER_DISPLAY, pickScreen, type CustomerDisplay } from './customer-display';

const RENDERER = 'http://127.0.0.1:47003';
const sender = { url: `${RENDERER}/` };
const TILL: DisplayScreen = { id: 1, label: 'Built-in', primary: true, width: 1366, height: 768 };
const FACING: DisplayScreen = { id: 7, label: 'VGA', primary: false, width: 1920, height: 1080 };

describe('customer display placement', () => {
  it('picks the screen asked for, or the first that is not the till’s, and refuses NOT_FOUND otherwise', () => {
    expect(pickScreen([TILL, FACING], null)).toBe(FACING);
    expect(pickScreen([TILL, FACING], 1)).toBe(TILL);
    expect(thrownCode(() => pickScreen([TILL], null))).toBe('NOT_FOUND');
    expect(thrownCode(() => pickScreen([TILL, FACING], 8))).toBe('NOT_FOUND');
  });

  it('without display glue: no screens, closing is fine, opening is refused', () => {
    expect(NO_CUSTOMER_DISPLAY.screens()).toEqual([]);
    expect(NO_CUSTOMER_DISPLAY.show({ enabled: false, screenId: null })).toEqual({ open: false, screenId: null });
    expect(thrownCode(() => NO_CUSTOMER_DISPLAY.show({ enabled: true, screenId: null }))).toBe('NOT_FOUND');
  });
});

describe('IPC display:screens and display:show', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let core: TerminalCore;
  const shown: Array<{ enabled: boolean; screenId: number | null }> = [];
  const display: CustomerDisplay = {
    screens: () => [TILL, FACING],
    show(request): CustomerDisplayStatus {
      shown.push(request);
      return request.enabled ? { open: true, screenId: pickScreen([TILL, FACING], request.screenId).id } : { open: false, screenId: null };
    },
  };

  beforeAll(async () => {
    temp = makeTempDir();
    core = createTerminalCore({ dataDir: temp.dir, emit: () => undefined, allowedOrigins: [RENDERER], timers: new ManualTimers(), logger: silentLogger, customerDisplay: display });
    await core.start();
  });
  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  it('lists the screens and places the display', async () => {
    await expect(core.handle('display:screens', undefined, sender)).resolves.toEqual({ ok: true, value: [TILL, FACING] });
    await expect(core.handle('display:show', { enabled: true, screenId: null }, sender)).resolves.toEqual({ ok: true, value: { open: true, screenId: 7 } });
    await expect(core.handle('display:show', { enabled: true, screenId: 9 }, sender)).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await expect(core.handle('display:show', { enabled: false, screenId: null }, sender)).resolves.toEqual({ ok: true, value: { open: false, screenId: null } });
  });

  it.each([
    ['no payload', undefined],
    ['enabled not a boolean', { enabled: 'yes', screenId: null }],
    ['screen id a string', { enabled: true, screenId: '7' }],
    ['screen id negative', { enabled: true, screenId: -1 }],
    ['screen id not whole', { enabled: true, screenId: 1.5 }],
    ['screen id missing', { enabled: true }],
    ['an unknown field', { enabled: true, screenId: null, url: 'https://evil.example/' }],
  ])('[bad-input] display:show with %s → VALIDATION, the display untouched', async (_name, payload) => {
    const before = shown.length;
    await expect(core.handle('display:show', payload, sender)).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(shown).toHaveLength(before);
  });

  it('[bad-input] display:screens takes no payload, and an untrusted frame is refused', async () => {
    await expect(core.handle('display:screens', { all: true }, sender)).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(core.handle('display:show', { enabled: true, screenId: null }, { url: 'https://evil.example/' })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
