/** A workflow state as a coloured badge (plans and coordination requests share the look). */
export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`state-badge state-${state.toLowerCase()}`} data-state={state}>
      {state.replace(/_/g, ' ')}
    </span>
  );
}
