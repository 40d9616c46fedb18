import { describe, expect, it } from 'vitest';
import { openBus } from '../../src/bus/open.js';

describe('openBus', () => {
  it('opens the in-process bus by default and for memory:', async () => {
    for (const location of [undefined, 'memory:']) {
      const bus = await openBus(location);
      expect(bus.kind).toBe('memory');
      await bus.close();
    }
  });

  it('rejects a location it cannot serve', async () => {
    await expect(openBus('http://example.org')).rejects.toThrow(/cannot open a bus/);
  });
});
