/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';

// The control plane the dev server talks to (npm run dev): ./barrage up starts one on 18090.
const api = process.env.BARRAGE_API ?? 'http://127.0.0.1:18090';

/**
 * In development only, answers /console-config.json itself when BARRAGE_DEV_OIDC is set (for a control plane that
 * does not serve it); in production the control plane's console package serves it, so nothing is hard-coded here.
 */
function devConsoleConfig(): Plugin {
  return {
    name: 'barrage-dev-console-config',
    apply: 'serve',
    configureServer(server) {
      const authority = process.env.BARRAGE_DEV_OIDC;
      if (!authority) return;
      server.middlewares.use('/console-config.json', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ authority, clientId: 'barrage-console' }));
      });
    },
  };
}

export default defineConfig({
  // esbuild's own JSX transform handles React (automatic runtime): no React plugin needed.
  esbuild: { jsx: 'automatic' },
  plugins: [devConsoleConfig()],
  build: {
    // The jar of this Maven module serves these files as Quarkus static resources.
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: api },
      '/openapi': { target: api },
      '/console-config.json': { target: api },
      '/console-auth': { target: api },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
