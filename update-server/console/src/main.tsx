/** The vendor console's entry: Fluent's light theme, then the app (which starts at the sign-in when there is no session). */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './app';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <App />
    </FluentProvider>,
  );
}
