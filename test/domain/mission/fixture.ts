import type { Mission, SupportingCommand } from '../../../src/domain/mission/mission.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import { interval } from '../../../src/domain/time/interval.js';

export { ArrayTimeline, rel, unit } from '../command/rules/fixture.js';

export const square = (west: number, south: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ],
});

export function mission(
  id: string,
  lead: string | null,
  extra: Partial<Omit<Mission, 'valid'>> & { from?: string; to?: string | null; supporting?: SupportingCommand[] } = {},
): Mission {
  const { from = '2025-01-01', to = null, ...rest } = extra;
  return {
    id,
    name: `Mission ${id}`,
    description: '',
    valid: interval(from, to),
    label: PUBLIC_UNCLASSIFIED,
    lead,
    supporting: [],
    ...rest,
  };
}
