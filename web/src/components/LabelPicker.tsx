import { useId } from 'react';
import type { User } from '../api.js';
import { markingChoices } from '../labels.js';

/** A select of the markings the signed-in user may write with. */
export function LabelPicker({
  user,
  nations,
  value,
  onChange,
  label = 'Marking',
}: {
  user: User;
  nations: readonly string[];
  value: string;
  onChange: (marking: string) => void;
  label?: string;
}) {
  const id = useId();
  const choices = markingChoices(user, nations);
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {choices.map((marking) => (
          <option key={marking} value={marking}>
            {marking}
          </option>
        ))}
      </select>
    </span>
  );
}
