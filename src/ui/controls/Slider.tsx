import { useId, type CSSProperties, type ReactNode } from 'react';

/** A value marked on a slider's track: a short label at its place and a sentence on what it means. */
export interface SliderMark {
  readonly value: number;
  readonly label: string;
  readonly explanation: string;
}

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
  /**
   * Values marked on the track (those outside its range are left out). A slider given `marks` keeps their
   * row even while it is empty, so a mark that arrives later does not move the page.
   */
  marks?: readonly SliderMark[];
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
      {props.marks && (
        <div className="slider-track-marks">
          {props.marks
            .filter((mark) => mark.value >= props.min && mark.value <= props.max)
            .map((mark) => {
              const share = (mark.value - props.min) / (props.max - props.min);
              return (
                <span
                  key={mark.label}
                  className="slider-track-mark"
                  style={{ '--mark-at': `${(share * 100).toFixed(2)}%` } as CSSProperties}
                  title={mark.explanation}
                  aria-label={`${mark.label}: ${mark.explanation}`}
                  role="note"
                >
                  {mark.label}
                </span>
              );
            })}
        </div>
      )}
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
