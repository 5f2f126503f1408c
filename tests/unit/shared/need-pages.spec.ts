/** Paging the needs table: which needs each page shows. */
import { describe, expect, it } from 'vitest';
import { needPage, pageOfIndex } from '../../../shared/plan/need-pages';

describe('needPage', () => {
  it('shows 100 needs a page, the last page the rest', () => {
    expect(needPage(2000, 1)).toEqual({ page: 1, pageCount: 20, start: 0, end: 100 });
    expect(needPage(2000, 3)).toEqual({ page: 3, pageCount: 20, start: 200, end: 300 });
    expect(needPage(250, 3)).toEqual({ page: 3, pageCount: 3, start: 200, end: 250 });
  });

  it('brings a page out of range back to the first or the last', () => {
    expect(needPage(250, 9)).toEqual({ page: 3, pageCount: 3, start: 200, end: 250 });
    expect(needPage(250, 0)).toEqual({ page: 1, pageCount: 3, start: 0, end: 100 });
  });

  it('has one empty page for a plan with no need', () => {
    expect(needPage(0, 1)).toEqual({ page: 1, pageCount: 1, start: 0, end: 0 });
  });
});

describe('pageOfIndex', () => {
  it('finds the page of a need from its index', () => {
    expect(pageOfIndex(0)).toBe(1);
    expect(pageOfIndex(99)).toBe(1);
    expect(pageOfIndex(100)).toBe(2);
    expect(pageOfIndex(1234)).toBe(13);
  });
});
