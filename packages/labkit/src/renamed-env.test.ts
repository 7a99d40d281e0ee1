import { afterEach, describe, expect, it, vi } from 'vitest';
import { renamedEnv } from './renamed-env';

describe('renamedEnv', () => {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  afterEach(() => stderr.mockClear());

  it('reads the new name, silently, even when the old one is set too', () => {
    expect(renamedEnv('X_MS', 'X_SECONDS', { X_MS: '3000', X_SECONDS: '5' })).toEqual({
      name: 'X_MS',
      raw: '3000',
    });
    expect(stderr).not.toHaveBeenCalled();
  });

  it('falls back to the old name with a one-line note on stderr', () => {
    expect(renamedEnv('X_MS', 'X_SECONDS', { X_SECONDS: '5' })).toEqual({ name: 'X_SECONDS', raw: '5' });
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stderr).toHaveBeenCalledWith('note: X_SECONDS is deprecated; set X_MS (milliseconds) instead.\n');
  });

  it('is undefined when neither is set, an empty value counting as unset', () => {
    expect(renamedEnv('X_MS', 'X_SECONDS', {})).toBeUndefined();
    expect(renamedEnv('X_MS', 'X_SECONDS', { X_MS: '', X_SECONDS: '' })).toBeUndefined();
    expect(stderr).not.toHaveBeenCalled();
  });
});
