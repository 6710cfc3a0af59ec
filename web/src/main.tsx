import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

// A dashboard link: start loading the dashboard's code (with ECharts) now,
// alongside the session check, instead of after it.
if (window.location.pathname.startsWith('/d/')) void import('./pages/Dashboard.js');

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
