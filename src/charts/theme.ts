/** Light and dark chart themes: the colours every option is built with. */
export interface ChartTheme {
  background: string;
  text: string;
  /** Secondary text: axis labels, legend. */
  muted: string;
  axis: string;
  /** Split lines behind the data. */
  grid: string;
  tooltipBackground: string;
  tooltipBorder: string;
}

export const THEMES: Record<'light' | 'dark', ChartTheme> = {
  light: { background: '#ffffff', text: '#1f2328', muted: '#57606a', axis: '#8c959f', grid: '#e6e9ed', tooltipBackground: '#ffffff', tooltipBorder: '#d0d7de' },
  dark: { background: '#181b1f', text: '#e1e4e8', muted: '#a3abb5', axis: '#5c6670', grid: '#2c3138', tooltipBackground: '#22262b', tooltipBorder: '#3d444d' },
};
