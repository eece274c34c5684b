import { describe, expect, it } from 'vitest';
import { signInUrl } from '../../src/sign-in-announcement.js';

describe('signInUrl', () => {
  it.each([
    ['0.0.0.0', 'http://localhost:8080/#token=csl_abc'],
    ['::', 'http://localhost:8080/#token=csl_abc'],
    ['127.0.0.1', 'http://127.0.0.1:8080/#token=csl_abc'],
    ['charge.example.net', 'http://charge.example.net:8080/#token=csl_abc'],
    ['::1', 'http://[::1]:8080/#token=csl_abc'],
  ])('for HOST %s is %s (the token in the fragment, which no request carries)', (host, url) => {
    expect(signInUrl(host, 8080, 'csl_abc')).toBe(url);
  });
});
