import type { Comparison, CompareTree, ChangeMark } from '../../../src/domain/reorg/compare.js';
import type { PlanViolation } from '../../../src/domain/reorg/evaluate.js';
import type { Impact } from '../../../src/domain/reorg/impact.js';
import type { PlanState } from '../../../src/domain/reorg/plan.js';
import type { SecurityLabel } from '../../../src/domain/security/label.js';
import type { OperationView, PlanStep, PlanView, ValidationView } from '../../../src/services/plans.js';
import { get, type Marked, post } from '../api.js';

/** Reorganization plans: list, detail, validation, impact, as-is/to-be comparison and the workflow steps. */

// The server's own view types: the page reads exactly what the plans service answers.
export type {
  ChangeMark,
  Comparison,
  CompareTree,
  Impact,
  OperationView,
  PhaseView,
  PlanState,
  PlanStep,
  PlanView,
  PlanViolation,
  Validation,
};
type PhaseView = PlanView['phases'][number];
type Validation = ValidationView;

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
