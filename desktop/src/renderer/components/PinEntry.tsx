import { useRef, type Ref } from 'react';
import { NumericKeypad } from './NumericKeypad';

/** One person to pick before typing a PIN (login, manager approval). */
export function UserButton(props: { user: { id: string; name: string }; testId: string; pressed: boolean; onChoose: () => void }) {
  const { user } = props;
  return (
    <button
      type="button"
      className="user-button"
      data-testid={props.testId}
      data-user-id={user.id}
      aria-pressed={props.pressed}
      onClick={props.onChoose}
    >
      <span className="user-button__initial" aria-hidden="true">
        {user.name.slice(0, 1).toUpperCase()}
      </span>
      <span className="user-button__name">{user.name}</span>
    </button>
  );
}

/**
 * A PIN field: digits only, never autocompleted; the PIN itself is checked in main. The
 * on-screen keypad below types into it (OK submits the form), the physical keyboard too.
 */
export function PinField({
  ref,
  label,
  testId,
  value,
  onChange,
}: {
  ref: Ref<HTMLInputElement>;
  label: string;
  testId: string;
  value: string;
  onChange: (pin: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <div className="pin-entry" ref={box}>
      <label className="field">
        <span className="field__label">{label}</span>
        <input
          ref={ref}
          className="input input--pin"
          data-testid={testId}
          type="password"
          inputMode="none"
          autoComplete="off"
          autoFocus
          maxLength={8}
          value={value}
          onChange={(event) => onChange(event.target.value.replace(/\D/g, ''))}
        />
      </label>
      <NumericKeypad kind="pin" value={value} onChange={onChange} label={label} maxLength={8} testId={`${testId}-keypad`} onEnter={() => box.current?.closest('form')?.requestSubmit()} />
    </div>
  );
}
