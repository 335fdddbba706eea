import { useEffect, useState } from 'react';

/**
 * A number field beside a slider, for values a slider cannot hit exactly (an annealing rate of 0.999,
 * 3,000 epochs). It keeps what the person types while they type, applies each valid value at once, and
 * shows the applied value again when it loses focus (an invalid or clamped entry snaps back).
 */
export function NumberBox(props: {
  /** The accessible name, e.g. "Epochs value". */
  label: string;
  /** The words shown before the field, e.g. "exact count". */
  caption: string;
  value: number;
  min: number;
  max: number;
  step: number | 'any';
  /** Takes a valid value; the store clamps and rounds it. */
  onCommit: (value: number) => void;
}) {
  const [text, setText] = useState(String(props.value));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(String(props.value));
  }, [props.value, editing]);
  return (
    <label className="inline-number">
      {props.caption}
      <input
        type="number"
        className="number-box"
        aria-label={props.label}
        min={props.min}
        max={props.max}
        step={props.step}
        value={text}
        onFocus={() => setEditing(true)}
        onBlur={() => {
          setEditing(false);
          setText(String(props.value));
        }}
        onChange={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          const value = Number(typed);
          if (typed.trim() !== '' && Number.isFinite(value) && value >= props.min && value <= props.max) {
            props.onCommit(value);
          }
        }}
      />
    </label>
  );
}
