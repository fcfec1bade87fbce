import type { LambdaFunction, Route } from '../templates';
import { isKnownPath, matchRoute } from './router';

const fn = (name: string) => ({ name }) as LambdaFunction;
const route = (routeKey: string): Route => {
  const [method = '', path = ''] = routeKey === '$default' ? ['ANY', ''] : routeKey.split(' ');
  return { routeKey, method, path, fn: fn(routeKey) };
};

describe('matchRoute', () => {
  const routes = [
    route('GET /items/{id}'),
    route('GET /items/special'),
    route('ANY /items/{proxy+}'),
    route('POST /items/{id}'),
    route('ANY /other'),
  ];

  it.each([
    ['GET', '/items/special', 'GET /items/special', undefined],
    ['GET', '/items/42', 'GET /items/{id}', { id: '42' }],
    ['POST', '/items/42', 'POST /items/{id}', { id: '42' }],
    ['DELETE', '/items/42', 'ANY /items/{proxy+}', { proxy: '42' }],
    ['GET', '/items/a/b%20c', 'ANY /items/{proxy+}', { proxy: 'a/b c' }],
    ['PATCH', '/other', 'ANY /other', undefined],
  ])('%s %s → %s', (method, path, routeKey, pathParameters) => {
    // Act
    const match = matchRoute(routes, method, path);

    // Assert
    expect(match?.route.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(pathParameters);
  });

  it('finds nothing for an unknown path, unless there is a $default route', () => {
    // Act / Assert
    expect(matchRoute(routes, 'GET', '/nope')).toBeUndefined();
    expect(matchRoute([...routes, route('$default')], 'GET', '/nope')?.route.routeKey).toBe('$default');
  });

  it('knows a path whatever the method (for preflights)', () => {
    // Act / Assert
    expect(isKnownPath(routes, '/items/1')).toBe(true);
    expect(isKnownPath(routes, '/')).toBe(false);
  });
});
