/**
 * Short, exact text for numbers and arrays in feedback: enough digits to see a difference, never a wall.
 * It reads only the entries it shows (the first 8 of each array or object, 4 levels deep), so showing a value
 * costs the same whatever its size.
 */
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

/** Entries shown of one array or object. */
const SHOWN = 8;

function render(value: unknown, depth: number): string {
  if (typeof value === 'number') return showNumber(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (isOpaque(value)) return `<${value.text}>`;
  if (Array.isArray(value)) {
    if (depth > 3) return '[…]';
    const shown: string[] = [];
    for (let i = 0; i < Math.min(value.length, SHOWN); i++) shown.push(render(value[i], depth + 1));
    if (value.length > SHOWN) shown.push(`… ${value.length - SHOWN} more`);
    return `[${shown.join(', ')}]`;
  }
  if (typeof value === 'object') {
    if (depth > 3) return '{…}';
    const shown: string[] = [];
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (shown.length === SHOWN) break;
      shown.push(`${key}: ${render((value as Record<string, unknown>)[key], depth + 1)}`);
    }
    return `{ ${shown.join(', ')} }`;
  }
  return String(value);
}
