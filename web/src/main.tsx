import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { loadRuntimeConfig } from './lib/runtime-config';
import './styles/base.css';
import './styles/layout.css';
import './styles/coins.css';
import './styles/history.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) => {
    // Without its configuration the page cannot know where the API is: say so plainly.
    console.error(error);
    root.render(
      <main className="fatal" role="alert">
        <h1>DasWos Coins could not start</h1>
        <p>The page's configuration could not be loaded. Please reload in a moment.</p>
      </main>,
    );
  },
);
