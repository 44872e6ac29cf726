import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageReady } from '../common/lang';
import { ConsoleApp } from './console-app';
// The console's own strings in its entry (with their English loader registered before any render).
import './i18n';
import './shell/shell.css';
import './console.css';

// The saved language's messages first (instant for Chinese, which is in this file's imports).
void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  ),
);
