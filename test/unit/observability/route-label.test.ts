import { describe, expect, it } from 'vitest';
import { UNMATCHED_ROUTE, routeLabeller } from '../../../src/interfaces/http/observability/route-label.js';

const label = routeLabeller(['/api/v1/users/{id}', '/api/v1/users/me', '/api/v1/users', '/docs/*', '/metrics']);

describe('route labels for metrics and logs', () => {
  it.each([
    ['/api/v1/users/42', '/api/v1/users/:id'],
    ['/api/v1/users/abc?x=1', '/api/v1/users/:id'],
    ['/api/v1/users/me', '/api/v1/users/me'],
    ['/API/v1/Users/me/', '/api/v1/users/me'],
    ['/api/v1/users?skip=0&limit=5', '/api/v1/users'],
    ['/docs', '/docs/*'],
    ['/docs/swagger-ui-bundle.js', '/docs/*'],
    ['/metrics', '/metrics'],
  ])('when the URL is %s, then the label is %s', (url, expected) => {
    expect(label(url)).toBe(expected);
  });

  it.each(['/api/v1/users/42/extra', '/documents', '/', '/api/v1'])('when %s matches no template, then the label is fixed', (url) => {
    expect(label(url)).toBe(UNMATCHED_ROUTE);
  });
});
