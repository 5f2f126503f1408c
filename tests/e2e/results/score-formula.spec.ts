/** The score's arithmetic on screen: points obtained over the evaluable maximum. */
import type { MatchResult, ScorePart } from '../../../shared/model';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';

const PLAN_CSV = 'tests/fixtures/plans/harnes-2019.csv';

const tenth = (value: number): number => Math.round(value * 10) / 10;
/** French writing with at most one decimal: 90 → « 90 », 61.25 → « 61,3 ». */
const upToOneDecimal = (value: number): string => String(tenth(value)).replace('.', ',');
/** French writing with exactly one decimal: 68 → « 68,0 ». */
const oneDecimal = (value: number): string => tenth(value).toFixed(1).replace('.', ',');

/** « 61,2 pts sur 90 évaluables → 68,0 / 100 », worked out from the parts alone. */
function expectedFormula(parts: ScorePart[]): { text: string; score: number } {
  const points = parts.reduce((sum, p) => sum + p.points, 0);
  const max = parts.reduce((sum, p) => sum + p.max, 0);
  const score = tenth((100 * points) / max);
  return {
    text: `${upToOneDecimal(points)} pts sur ${upToOneDecimal(max)} évaluables → ${oneDecimal(score)} / 100`,
    score,
  };
}

test('score : « x pts sur y évaluables → z / 100 », calculé depuis les critères', async ({
  page,
}) => {
  await openApp(page);
  await importPlan(page, PLAN_CSV);
  await page.getByTestId('nav-results').click();
  const reply = page.waitForResponse((r) => r.url().endsWith('/api/match:run'));
  await page.getByTestId('match-run').click();
  const { result } = (await (await reply).json()) as { result: MatchResult };
  await expect(page.getByTestId('need-match')).toHaveCount(result.needs.length);

  // The first candidate shown, and the first whose capacity is « à confirmer ».
  const positions = result.needs.flatMap((need, needIndex) =>
    need.candidates.map((candidate, candidateIndex) => ({
      needIndex,
      candidateIndex,
      candidate,
    })),
  );
  const first = positions[0];
  const leftOut = positions.find((p) => p.candidate.parts.some((part) => part.max === 0));
  expect(first, 'au moins un fournisseur proposé').toBeDefined();
  expect(leftOut, 'un fournisseur dont la capacité est à confirmer').toBeDefined();

  for (const position of [first, leftOut]) {
    if (!position) continue;
    const { needIndex, candidateIndex, candidate } = position;
    const expected = expectedFormula(candidate.parts);
    // The score the service ranks by is the one the parts give.
    expect(candidate.score).toBeCloseTo(expected.score, 5);
    const row = page
      .getByTestId('need-match')
      .nth(needIndex)
      .getByTestId('candidate-row')
      .nth(candidateIndex);
    await row.scrollIntoViewIfNeeded();
    await expect(row.getByTestId('score-formula')).toHaveText(expected.text);
    await expect(row.getByTestId('candidate-score')).toHaveText(
      oneDecimal(expected.score),
    );
    const excluded = candidate.parts.filter((p) => p.max === 0);
    if (excluded.some((p) => p.criterion === 'capacity')) {
      await expect(row.getByTestId('score-left-out')).toContainText(
        'capacité à confirmer',
      );
    }
  }
  await page.screenshot({ path: '/tmp/passerelle-score-formula.png' });
});
