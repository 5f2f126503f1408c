/**
 * The needs table shows a plan a page at a time, so that a plan of
 * thousands of needs opens and edits as fast as a short one.
 */

/** Needs shown on one page of the editor. */
export const NEEDS_PER_PAGE = 100;

/** One page of needs: its number (from 1), its bounds and the page count. */
export interface NeedPage {
  page: number;
  pageCount: number;
  /** Index of the first need shown (0-based), and one past the last. */
  start: number;
  end: number;
}

/** The page `page` of `total` needs, brought within the pages that exist. */
export function needPage(total: number, page: number, size = NEEDS_PER_PAGE): NeedPage {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const start = (shown - 1) * size;
  return { page: shown, pageCount, start, end: Math.min(total, start + size) };
}

/** The page (from 1) that shows the need at `index` (0-based). */
export function pageOfIndex(index: number, size = NEEDS_PER_PAGE): number {
  return Math.floor(Math.max(0, index) / size) + 1;
}
