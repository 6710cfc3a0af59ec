/** Input and output shapes of contribution analysis. */

/** An additive metric (count, sum) for one group in the two periods. */
export interface AdditiveRow {
  readonly group: string;
  readonly before: number;
  readonly after: number;
}

export interface RatioPart {
  readonly numerator: number;
  readonly denominator: number;
}

/** A ratio metric (errors / requests, revenue / users) for one group in the two periods. */
export interface RatioRow {
  readonly group: string;
  readonly before: RatioPart;
  readonly after: RatioPart;
}

export type ChangeDirection = 'increase' | 'decrease' | 'none';

export interface AdditiveContribution {
  readonly group: string;
  readonly before: number;
  readonly after: number;
  /** after − before. */
  readonly change: number;
  /** change / total change (shares sum to 1; negative for groups moving against the total); null when the total did not change. */
  readonly share: number | null;
}

export interface AdditiveContributionResult {
  readonly kind: 'additive';
  readonly totalBefore: number;
  readonly totalAfter: number;
  readonly totalChange: number;
  /** totalChange / totalBefore; null when totalBefore is 0. */
  readonly relativeChange: number | null;
  readonly direction: ChangeDirection;
  /** Sorted by |change|, largest first. */
  readonly contributions: readonly AdditiveContribution[];
  readonly summary: string;
}

export interface RatioContribution {
  readonly group: string;
  /** numerator / denominator per period; null when the group has no denominator in that period. */
  readonly rateBefore: number | null;
  readonly rateAfter: number | null;
  /** The group's share of the total denominator per period. */
  readonly weightBefore: number;
  readonly weightAfter: number;
  /** Part of the overall change due to the group's own rate changing. */
  readonly rateEffect: number;
  /** Part due to the group's share of the denominator changing (the mix). */
  readonly mixEffect: number;
  /** rateEffect + mixEffect; these sum to the overall change. */
  readonly contribution: number;
  /** contribution / overall change; null when the overall rate did not change. */
  readonly share: number | null;
}

export interface RatioContributionResult {
  readonly kind: 'ratio';
  readonly rateBefore: number;
  readonly rateAfter: number;
  readonly totalChange: number;
  readonly direction: ChangeDirection;
  /** Σ rateEffect: the change had every group kept its share of the denominator. */
  readonly rateEffect: number;
  /** Σ mixEffect: the change due to the denominator shifting between groups. */
  readonly mixEffect: number;
  /** Sorted by |contribution|, largest first. */
  readonly contributions: readonly RatioContribution[];
  readonly summary: string;
}
