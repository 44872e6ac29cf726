import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageReady } from '../common/lang';
import { MobileApp } from './mobile-app';
import { registerServiceWorker } from './register-sw';
import './text-size';
import './m.css';

// The saved language's messages first (instant for Chinese, which is in this file's imports).
void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MobileApp />
    </StrictMode>,
  ),
);

registerServiceWorker();
