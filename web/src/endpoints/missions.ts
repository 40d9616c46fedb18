import type { Mission } from '../../../src/domain/mission/mission.js';
import { get, type Marked, times, type UnitSlice } from '../api.js';
import type { TimeQuery } from '../time.js';

export type { Mission };
export type Responsibility = 'LEAD' | 'SUPPORT' | 'COORDINATE';

export interface Matrix extends Marked {
  at: string;
  missionIds: string[];
  unitIds: string[];
  cells: Record<string, Record<string, Responsibility>>;
  missions: Mission[];
  units: UnitSlice[];
}

export const missionsApi = {
  list: (t: TimeQuery, signal?: AbortSignal) =>
    get<Marked & { missions: Mission[] }>('/api/missions', times(t), signal),
  matrix: (t: TimeQuery, signal?: AbortSignal) => get<Matrix>('/api/responsibility/matrix', times(t), signal),
};
