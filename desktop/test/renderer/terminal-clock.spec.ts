import { decodeHlc, encodeHlc, uuidv7 } from '@seri/shared';
import { nextTerminalStamp } from '../../src/renderer/domain/terminal-clock';

describe('the terminal clock', () => {
  it('[I6][I9] stamps with the terminal\'s own device id as node, whatever stamp it last stored (a pulled one, the server\'s)', () => {
    const deviceId = uuidv7();
    const now = (): number => Date.UTC(2026, 0, 10, 9);
    for (const last of [undefined, encodeHlc({ ms: now() + 5_000, counter: 3, node: 'server' }), encodeHlc({ ms: now(), counter: 0, node: uuidv7() }), 'garbage']) {
      const stamp = decodeHlc(nextTerminalStamp(deviceId, last, now));
      expect(stamp.node).toBe(deviceId);
    }
  });
});
