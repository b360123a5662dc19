import { useRef, type KeyboardEvent } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** The language of the label when it is not the UI's ("English" in the French UI). */
  lang?: string;
}

interface ChoiceGroupProps<T extends string> {
  /** Names the group for a screen reader (the visible label beside it, or its own words). */
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  /** On the group; each choice is `<testId>-option` with its `data-value`. */
  testId?: string;
  disabled?: boolean;
}

const NEXT: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * A finger's dropdown: a row of toggle buttons, each at least 44×44 px, one checked. A
 * radiogroup to assistive technology: Tab reaches the checked choice, the arrow keys move
 * and choose, Home and End go to the ends, as a native radio group does.
 */
export function ChoiceGroup<T extends string>({ label, value, choices, onChange, testId, disabled = false }: ChoiceGroupProps<T>) {
  const group = useRef<HTMLDivElement>(null);
  const current = Math.max(
    0,
    choices.findIndex((choice) => choice.value === value),
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = choices.length - 1;
    let index: number | null = null;
    if (event.key in NEXT) index = (current + NEXT[event.key]! + choices.length) % choices.length;
    else if (event.key === 'Home') index = 0;
    else if (event.key === 'End') index = last;
    if (index === null) return;
    event.preventDefault();
    onChange(choices[index]!.value);
    group.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[index]?.focus();
  }

  return (
    <div ref={group} className="choices" role="radiogroup" aria-label={label} aria-disabled={disabled || undefined} data-testid={testId} data-value={value} onKeyDown={onKeyDown}>
      {choices.map((choice, index) => (
        <button
          key={choice.value}
          type="button"
          role="radio"
          className="choices__option"
          aria-checked={choice.value === value}
          tabIndex={index === current ? 0 : -1}
          disabled={disabled}
          data-testid={testId ? `${testId}-option` : undefined}
          data-value={choice.value}
          lang={choice.lang}
          onClick={() => onChange(choice.value)}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
