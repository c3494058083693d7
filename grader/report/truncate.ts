/**
 * Long untrusted text (a thrown message, console output, a huge value) cut to a length a page can hold,
 * with a note saying how much was cut. Cuts between code points, never inside a surrogate pair.
 */
export interface Truncated {
  text: string;
  /** Characters (code points) cut, 0 when the text was kept whole. */
  cut: number;
  /** "… 8 000 more characters cut", or undefined. */
  note?: string;
}

export function truncate(text: string, limit: number): Truncated {
  if (text.length <= limit) return { text, cut: 0 };
  const points = Array.from(text);
  if (points.length <= limit) return { text, cut: 0 };
  const cut = points.length - limit;
  return { text: points.slice(0, limit).join(''), cut, note: `… ${groupDigits(cut)} more character${cut === 1 ? '' : 's'} cut` };
}

/** 8000 → "8 000" (a thin-space-free, locale-free grouping: the same bytes everywhere). */
export function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
