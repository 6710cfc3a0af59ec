import type { Panel } from '../../../src/dashboards/schema.js';
import type { ECharts } from './echarts.js';

/**
 * Panel export. The charts draw as SVG, so the SVG is the chart's own markup;
 * PNG is that SVG painted on a canvas at twice the size (sharp on high-DPI).
 */
export function download(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileBase(panel: Panel): string {
  return (panel.title || panel.id).replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || panel.id;
}

export async function chartPng(chart: ECharts, background: string): Promise<string> {
  const svgUrl = chart.getDataURL({ type: 'svg', backgroundColor: background });
  const img = new Image();
  img.decoding = 'sync';
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('cannot render the chart as an image'));
    img.src = svgUrl;
  });
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = chart.getWidth() * scale;
  canvas.height = chart.getHeight() * scale;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.fillStyle = background;
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

export async function downloadChart(chart: ECharts, panel: Panel, type: 'png' | 'svg', theme: 'light' | 'dark'): Promise<void> {
  const background = theme === 'dark' ? '#181b1f' : '#ffffff';
  if (type === 'svg') {
    download(`${fileBase(panel)}.svg`, chart.getDataURL({ type: 'svg', backgroundColor: background }));
  } else {
    download(`${fileBase(panel)}.png`, await chartPng(chart, background));
  }
}
