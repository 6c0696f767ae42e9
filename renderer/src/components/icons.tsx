/**
 * Small inline SVG icons (no icon font or emoji: those depend on the fonts a machine has).
 * Decorative: hidden from screen readers, the surrounding text names the thing.
 */
const PATHS = {
  domains:
    'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Zm0 0c-1.8 1.7-2.7 3.9-2.7 6.5s.9 4.8 2.7 6.5m0-13c1.8 1.7 2.7 3.9 2.7 6.5s-.9 4.8-2.7 6.5M1.8 6h12.4M1.8 10h12.4',
  inspector: 'M2 4.5h10m0 0-2.5-2.5M12 4.5 9.5 7M14 11.5H4m0 0 2.5-2.5M4 11.5 6.5 14',
  certificates:
    'M4 7V5a4 4 0 1 1 8 0v2M3.5 7h9a1 1 0 0 1 1 1v5.5a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Zm4.5 3v2',
  settings:
    'M8 10.2a2.2 2.2 0 1 0 0-4.4 2.2 2.2 0 0 0 0 4.4ZM13 8c0-.4 0-.8-.1-1.1l1.4-1.1-1.3-2.3-1.7.6a5 5 0 0 0-1.9-1.1L9.1 1.3H6.9l-.3 1.7a5 5 0 0 0-1.9 1.1L3 3.5 1.7 5.8l1.4 1.1a5 5 0 0 0 0 2.2l-1.4 1.1L3 12.5l1.7-.6a5 5 0 0 0 1.9 1.1l.3 1.7h2.2l.3-1.7a5 5 0 0 0 1.9-1.1l1.7.6 1.3-2.3-1.4-1.1c.1-.3.1-.7.1-1.1Z',
  doctor: 'M1.5 8.5h3l1.5-4 3 8 1.5-4h4',
  pass: 'M3 8.5 6.5 12 13 4.5',
  fail: 'M4 4l8 8M12 4l-8 8',
  skip: 'M4 8h8',
  copy: 'M5.5 5.5V3a1 1 0 0 1 1-1H13a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-2.5M3 5.5h6.5a1 1 0 0 1 1 1V13a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6.5a1 1 0 0 1 1-1Z',
  lock: 'M5 7V5.5a3 3 0 1 1 6 0V7M4.5 7h7a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1h-7a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Z',
  unlock:
    'M5 7V5.5a3 3 0 0 1 5.8-1M4.5 7h7a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1h-7a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Z',
  warning: 'M8 2 1.5 13.5h13L8 2Zm0 4.5v3.5m0 1.8v.2',
  more: 'M3.5 8h.01M8 8h.01M12.5 8h.01',
  portico: 'M2.5 14V6.5L8 2.5l5.5 4V14M5.5 14V9.5h5V14',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className={`icon icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'more' ? 2.6 : 1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
