import { describe, expect, it } from 'vitest';
import { AppInfoSchema } from '../../preload/contract';
import { setupAppInfo } from './index';

describe('setupAppInfo', () => {
  it('reports name, version, Electron version and platform in the contract shape', () => {
    const getInfo = setupAppInfo(
      { getName: () => 'Cascade Drill', getVersion: () => '0.1.0' },
      { versions: { ...process.versions, electron: '45.4.1' }, platform: 'linux' },
    );
    const info = getInfo();
    expect(AppInfoSchema.parse(info)).toEqual({
      name: 'Cascade Drill',
      version: '0.1.0',
      electron: '45.4.1',
      platform: 'linux',
    });
  });
});
