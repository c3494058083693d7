/** Short, exact text for numbers and arrays in feedback: enough digits to see a difference, never a wall. */
import { isOpaque } from '../sandbox/protocol.ts';

export function showNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(value.toPrecision(10)));
  return value.toExponential(6);
}

export function showValue(value: unknown, maxLength = 160): string {
  const text = render(value, 0);
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters)` : text;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'number') return showNumber(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (isOpaque(value)) return `<${value.text}>`;
  if (Array.isArray(value)) {
    if (depth > 3) return '[…]';
    const shown = value.slice(0, 8).map((item) => render(item, depth + 1));
    if (value.length > 8) shown.push(`… ${value.length - 8} more`);
    return `[${shown.join(', ')}]`;
  }
  if (typeof value === 'object') {
    if (depth > 3) return '{…}';
    return `{ ${Object.entries(value)
      .slice(0, 8)
      .map(([key, item]) => `${key}: ${render(item, depth + 1)}`)
      .join(', ')} }`;
  }
  return String(value);
}
