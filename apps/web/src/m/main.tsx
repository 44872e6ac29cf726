import 'antd-mobile/es/global';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MobileApp } from './mobile-app';
import { registerServiceWorker } from './register-sw';
import './m.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MobileApp />
  </StrictMode>,
);

registerServiceWorker();
