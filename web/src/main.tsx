import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ROUTES } from './routes.js';
import './styles.css';

// A dashboard link: start loading the dashboard's code (with ECharts) now,
// alongside the session check, instead of after it.
// (Not ECharts: parsing it would hold up the session check and the queries;
// the panels load it when they render, after their queries are on the way.)
if (window.location.pathname.startsWith('/d/')) void ROUTES.find((r) => r.path === '/d/:name')?.component.preload();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
