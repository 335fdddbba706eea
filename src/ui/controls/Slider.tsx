import { useId, type ReactNode } from 'react';

/** A labelled range input with its value shown in words; the label is its accessible name. */
export function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** The value as people read it, shown beside the label and given to screen readers. */
  display: string;
  onChange: (value: number) => void;
  /** Small print under the slider: its end marks or a note. */
  children?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="slider">
      <div className="slider-head">
        <label htmlFor={id}>{props.label}</label>
        <output htmlFor={id} className="slider-value">
          {props.display}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        aria-valuetext={props.display}
        disabled={props.disabled}
        onChange={(event) => props.onChange(Number(event.currentTarget.value))}
      />
      {props.children}
    </div>
  );
}
