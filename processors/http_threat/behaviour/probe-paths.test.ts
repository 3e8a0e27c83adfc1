import { describe, expect, it } from 'vitest';
import { isProbePath } from './probe-paths.js';

describe('probe paths', () => {
  it('knows the paths scanners ask every site for, anywhere in the path and in any case', () => {
    for (const path of ['/.env', '/app/.env', '/.env.bak', '/.git/config', '/wp-login.php', '/WP-ADMIN/', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', '/cgi-bin/luci', '/phpmyadmin/index.php', '/app/rest/users/id:1/tokens/RPC2', '/debug/pprof/goroutine', '/api/index.php/v1/config/application']) {
      expect(isProbePath(path), path).toBe(true);
    }
  });

  it('leaves ordinary shop paths alone, also those that only start like a probe', () => {
    for (const path of ['/', '/envelopes/c5', '/.well-known/apple-app-site-association', '/products/pma-shoes', '/search', '/account/login', '/static/js/app.3f2a1b9c.min.js', '/gitlab-guide']) {
      expect(isProbePath(path), path).toBe(false);
    }
  });
});
