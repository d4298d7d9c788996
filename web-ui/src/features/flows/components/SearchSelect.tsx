// A dropdown with a search box: a combobox button opens a filtered list of options (pieces, actions, triggers).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';

export interface SearchOption {
  value: string;
  label: string;
  hint?: string;
}

interface SearchSelectProps {
  label: string;
  value: string | undefined;
  options: SearchOption[];
  placeholder: string;
  onChange: (value: string) => void;
  loading?: boolean;
  disabled?: boolean;
  testId?: string;
}

export function SearchSelect({
  label,
  value,
  options,
  placeholder,
  onChange,
  loading = false,
  disabled = false,
  testId,
}: SearchSelectProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const selected = options.find((option) => option.value === value);

  const filtered = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (needle === '') return options;
    return options.filter(
      (option) =>
        option.label.toLowerCase().includes(needle) || (option.hint ?? '').toLowerCase().includes(needle),
    );
  }, [options, query]);

  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function choose(option: SearchOption) {
    setOpen(false);
    setQuery('');
    buttonRef.current?.focus();
    if (option.value !== value) onChange(option.value);
  }

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, filtered.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = filtered[active];
      if (option) choose(option);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    }
  }

  return (
    <div className="field search-select" ref={rootRef} data-testid={testId}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <button
        ref={buttonRef}
        type="button"
        role="combobox"
        className="search-select-button"
        aria-labelledby={`${id}-label`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        disabled={disabled}
        onClick={() => {
          setOpen((wasOpen) => !wasOpen);
          setActive(0);
        }}
      >
        <span className={selected ? undefined : 'muted'}>
          {loading ? 'Loading…' : (selected?.label ?? (value ? value : placeholder))}
        </span>
        <span aria-hidden="true" className="search-select-caret">
          ▾
        </span>
      </button>
      {open && (
        <div className="search-select-popover">
          <input
            type="search"
            aria-label={`Search ${label.toLowerCase()}`}
            placeholder="Search…"
            value={query}
            autoFocus
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onSearchKey}
          />
          <ul role="listbox" id={`${id}-list`} aria-label={label} className="search-select-list">
            {filtered.map((option, index) => (
              <li
                key={option.value}
                role="option"
                aria-label={option.label}
                aria-selected={option.value === value}
                className={index === active ? 'active' : undefined}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(option)}
              >
                <span>{option.label}</span>
                {option.hint && <span className="option-hint">{option.hint}</span>}
              </li>
            ))}
            {filtered.length === 0 && <li className="muted empty-option">Nothing matches.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
