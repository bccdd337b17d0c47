import { defineConfig } from 'vite';

/**
 * The console's local mode: the web UI of `barrage run` (local.html, src/local/), built from the same components into
 * its own folder, which the runner's build copies into its jar (runner-image/runner/pom.xml). Kept out of
 * META-INF/resources so that the control plane does not serve it.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'target/classes/barrage-local',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    rollupOptions: { input: 'local.html' },
  },
  server: {
    host: '127.0.0.1',
    port: 5174,
    strictPort: true,
    // npm run dev:local against a runner started with: barrage run -f ... (its web UI on 8089)
    proxy: Object.fromEntries(['/api', '/swarm', '/stop', '/stats', '/exceptions', '/runs'].map((p) => [p, {
      target: process.env.BARRAGE_RUNNER ?? 'http://127.0.0.1:8089',
    }])),
  },
});
