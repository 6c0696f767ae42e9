/**
 * The renderer's entry: picks the client (the preload's IPC bridge in the desktop app, the
 * admin API over HTTP + WebSocket in a browser), builds the store and renders the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpClient } from './client/http-client';
import { createIpcClient } from './client/ipc-client';
import { takeToken } from './client/token';
import { App } from './components/app';
import { NoToken } from './components/layout/no-token';
import { connectStore, createPorticoStore } from './store/store';
import { StoreProvider } from './store/store-context';
import './styles/base.css';
import './styles/layout.css';
import './styles/domains.css';
import './styles/inspector.css';
import './styles/pages.css';
import './styles/doctor.css';

function start(): void {
  // The OS theme before the first paint (App keeps it in step with the user's choice).
  document.documentElement.dataset.theme = window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root element.');
  const root = createRoot(element);

  let client;
  if (window.portico) {
    client = createIpcClient(window.portico);
  } else {
    const token = takeToken({
      location: window.location,
      history: window.history,
      storage: window.sessionStorage,
    });
    if (!token) {
      root.render(<NoToken />);
      return;
    }
    client = createHttpClient({ origin: window.location.origin, token });
  }

  const store = createPorticoStore(client);
  connectStore(store, client);
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}

start();
