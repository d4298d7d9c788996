import { describe, expect, it } from 'vitest';
import {
  collectErrors,
  hasErrors,
  normalizeEmail,
  validateConfirmation,
  validateEmail,
  validateName,
  validatePassword,
} from './validation';

describe('validation mirrors the server', () => {
  it('wants a trimmed name of 2 to 100 characters', () => {
    expect(validateName(' A ')).toBeDefined();
    expect(validateName('Al')).toBeUndefined();
    expect(validateName('x'.repeat(101))).toBeDefined();
  });

  it('checks the email pattern after trimming and lower-casing', () => {
    expect(validateEmail('  Ann@Example.COM ')).toBeUndefined();
    expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(validateEmail('ann@example')).toBeDefined();
    expect(validateEmail('ann example@x.io')).toBeDefined();
    expect(validateEmail('')).toBe('Enter your email address.');
    expect(validateEmail(`${'a'.repeat(250)}@x.io`)).toBeDefined();
  });

  it('wants a password of 8 to 256 characters', () => {
    expect(validatePassword('1234567')).toBeDefined();
    expect(validatePassword('12345678')).toBeUndefined();
    expect(validatePassword('x'.repeat(257))).toBeDefined();
  });

  it('compares a confirmation', () => {
    expect(validateConfirmation('abcdefgh', 'abcdefgh')).toBeUndefined();
    expect(validateConfirmation('abcdefgh', 'abcdefgx')).toBeDefined();
  });

  it('collects only failing fields', () => {
    const errors = collectErrors({ a: undefined, b: 'wrong' });
    expect(errors).toEqual({ b: 'wrong' });
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors(collectErrors({ a: undefined }))).toBe(false);
  });
});
