import type { Comparison, CompareTree, ChangeMark } from '../../../src/domain/reorg/compare.js';
import type { PlanConflict } from '../../../src/domain/reorg/conflicts.js';
import type { PlanViolation } from '../../../src/domain/reorg/evaluate.js';
import type { Impact } from '../../../src/domain/reorg/impact.js';
import type { Plan, PlanOperation, PlanState } from '../../../src/domain/reorg/plan.js';
import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { get, type Marked, post } from '../api.js';

/** Reorganization plans: list, detail, validation, impact, as-is/to-be comparison and the workflow steps. */

export type { ChangeMark, Comparison, CompareTree, Impact, PlanState, PlanViolation };
export type PlanStep = 'propose' | 'withdraw' | 'approve' | 'execute' | 'rollback';

export interface PlanSummary {
  id: string;
  title: string;
  state: PlanState;
  label: SecurityLabel;
  phases: number;
  operations: number;
  firstDate: string | null;
  updatedAt: string;
}

/** An operation the reader may not see in full: its id and kind only. */
export type OperationView = PlanOperation | { id: string; op: PlanOperation['op']; withheld: true };

export interface PhaseView {
  id: string;
  name: string;
  effectiveDate: string;
  operations: OperationView[];
}

export interface PlanView extends Omit<Plan, 'phases' | 'execution'> {
  phases: PhaseView[];
}

export interface Validation {
  planId: string;
  state: PlanState;
  basedOn: string[];
  basedOnWithheld: number;
  valid: boolean;
  errors: number;
  warnings: number;
  violations: PlanViolation[];
  withheld: number;
  conflicts: PlanConflict[];
  phases: Array<{
    id: string;
    name: string;
    effectiveDate: string;
    operations: number;
    introduced: number;
    resolved: number;
    failed: number;
  }>;
}

export interface ImpactResponse extends Marked {
  planId: string;
  phases: Array<{ phaseId: string; name: string; impact: Impact }>;
  whole: Impact;
}

export const plansApi = {
  list: (signal?: AbortSignal) => get<Marked & { plans: PlanSummary[] }>('/api/plans', {}, signal),
  get: (id: string, signal?: AbortSignal) =>
    get<Marked & { plan: PlanView }>(`/api/plans/${encodeURIComponent(id)}`, {}, signal),
  validation: (id: string, signal?: AbortSignal) =>
    get<Marked & { validation: Validation }>(`/api/plans/${encodeURIComponent(id)}/validation`, {}, signal),
  impact: (id: string, signal?: AbortSignal) =>
    get<ImpactResponse>(`/api/plans/${encodeURIComponent(id)}/impact`, {}, signal),
  compare: (id: string, at: string | null, signal?: AbortSignal) =>
    get<Marked & { comparison: Comparison }>(
      `/api/plans/${encodeURIComponent(id)}/compare`,
      { at, kinds: 'COCOM,OPCON,TACON' },
      signal,
    ),
  step: (id: string, step: PlanStep, note?: string) =>
    post<Marked & { plan: PlanView }>(`/api/plans/${encodeURIComponent(id)}/${step}`, note ? { note } : {}),
  reportHref: (id: string) => `/api/plans/${encodeURIComponent(id)}/report`,
};
