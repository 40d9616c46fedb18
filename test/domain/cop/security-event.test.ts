import { describe, expect, it } from 'vitest';
import { type MissileLaunchEvent, validateSecurityEvent } from '../../../src/domain/cop/security-event.js';
import type { CotEvent } from '../../../src/domain/cop/track.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';

const cot: CotEvent = {
  version: '2.0',
  uid: 'launch-1',
  type: 'a-h-A-W-M-S',
  how: 'h-e',
  time: '2025-03-24T00:00:00.000Z',
  start: '2025-03-24T00:00:00.000Z',
  stale: '2025-03-24T01:00:00.000Z',
  point: { lat: 39.0, lon: 125.7, hae: 9999999, ce: 9999999, le: 9999999 },
  detail: [],
  label: PUBLIC_UNCLASSIFIED,
};

const launch: MissileLaunchEvent = {
  kind: 'missile-launch',
  cot,
  description: 'Ballistic missile launched toward the Sea of Japan',
  geometry: { type: 'Point', coordinates: [125.7, 39.0] },
  source: { name: 'JMOD press release', reportedAt: '2025-03-24T00:30:00.000Z' },
  confidence: 'confirmed',
  label: PUBLIC_UNCLASSIFIED,
  impactArea: {
    type: 'Polygon',
    coordinates: [
      [
        [134, 40],
        [135, 40],
        [135, 41],
        [134, 40],
      ],
    ],
  },
  apogeeKm: 50,
};

describe('security events', () => {
  it('accepts a well-formed missile launch', () => {
    expect(validateSecurityEvent(launch)).toBe(launch);
  });

  it('rejects a CoT type that does not fit the kind', () => {
    expect(() => validateSecurityEvent({ ...launch, cot: { ...cot, type: 'a-h-S-C' } })).toThrow(
      /does not fit a missile-launch/,
    );
    expect(() =>
      validateSecurityEvent({
        kind: 'maritime-activity',
        cot: { ...cot, type: 'a-h-S-C-L-D-D' },
        description: 'Destroyers transit the Miyako Strait',
        geometry: {
          type: 'LineString',
          coordinates: [
            [125, 24.8],
            [126, 25.2],
          ],
        },
        source: { name: 'JSO', reportedAt: cot.time },
        confidence: 'probable',
        label: PUBLIC_UNCLASSIFIED,
        vesselCount: 2,
      }),
    ).not.toThrow();
  });

  it('rejects bad geometry, an open ring and negative figures', () => {
    expect(() => validateSecurityEvent({ ...launch, geometry: { type: 'Point', coordinates: [200, 0] } })).toThrow(
      /geometry/,
    );
    const open = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [134, 40],
          [135, 40],
          [135, 41],
          [134, 41],
        ],
      ] as [number, number][][],
    };
    expect(() => validateSecurityEvent({ ...launch, impactArea: open })).toThrow(/must close/);
    expect(() => validateSecurityEvent({ ...launch, apogeeKm: -1 })).toThrow(/apogeeKm/);
    expect(() => validateSecurityEvent({ ...launch, description: ' ' })).toThrow(/description/);
  });
});
