/** The dashboard grid (ui-contract / schema): 24 columns, rows of 30 px, 8 px gaps. */
export const GRID_COLS = 24;
export const ROW_HEIGHT = 30;
export const GAP_PX = 8;
