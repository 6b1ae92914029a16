// The two pieces of logic the CloudFront rules share that are easiest to get subtly wrong: which cookies
// reach the origin without being in the cache key, and whether one path pattern covers another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternCovers } from '../../../rules/support/cloudfront-behaviors';
import { cookiesOutsideKey, describeCookies, type CookieSet } from '../../../rules/support/cloudfront-policies';

const none: CookieSet = { kind: 'none' };
const all: CookieSet = { kind: 'all' };
const list = (...names: string[]): CookieSet => ({ kind: 'list', names });
const allExcept = (...names: string[]): CookieSet => ({ kind: 'allExcept', names });

test('cookies forwarded but not keyed', () => {
  const cases: [forwarded: CookieSet, keyed: CookieSet, outside: string][] = [
    [none, none, 'no cookies'],
    [all, none, 'all cookies'],
    [all, all, 'no cookies'],
    [list('session'), all, 'no cookies'],
    [all, list('locale'), 'all cookies except locale'],
    [list('locale', 'session'), list('locale'), 'the cookie session'],
    [list('locale'), list('locale', 'session'), 'no cookies'],
    [allExcept('tracking'), list('locale'), 'all cookies except tracking, locale'],
    [all, allExcept('session'), 'the cookie session'],
    [list('session', 'locale'), allExcept('session'), 'the cookie session'],
    [list('locale'), allExcept('session'), 'no cookies'],
    [allExcept('session'), allExcept('session'), 'no cookies'],
    [allExcept('a'), allExcept('a', 'b'), 'the cookie b'],
    // Cookie names are case-sensitive in CloudFront.
    [list('Session'), list('session'), 'the cookie Session'],
  ];
  for (const [forwarded, keyed, outside] of cases) {
    assert.equal(describeCookies(cookiesOutsideKey(forwarded, keyed)), outside, `${JSON.stringify(forwarded)} over ${JSON.stringify(keyed)}`);
  }
});

test('one path pattern covers another only when it matches every path the other matches', () => {
  const covered: [outer: string, inner: string][] = [
    ['/assets/*', '/assets/*'],
    ['/assets/*', '/assets/js/*'],
    ['/assets/*', 'assets/*.js'],
    ['*.js', '*.js'],
    ['*.js', '/static/*.js'],
    ['*.js', '/v?/app.js'],
    ['/img/*', '/IMG/*'],
    ['/v?/*', '/v1/*'],
  ];
  const notCovered: [outer: string, inner: string][] = [
    ['/assets/*', '/assets*'],
    ['/assets/*', '*'],
    ['*.js', '*.js*'],
    ['*.js', '/api/*'],
    ['/static/*', '/app/static/*'],
    ['/v?/*', '/v*/*'],
    ['*.css', '*.cs?'],
  ];
  for (const [outer, inner] of covered) assert.ok(patternCovers(outer, inner), `${outer} should cover ${inner}`);
  for (const [outer, inner] of notCovered) assert.ok(!patternCovers(outer, inner), `${outer} should not cover ${inner}`);
});
