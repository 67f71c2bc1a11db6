import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseLaunchArgs, UsageError } from './args';

describe('parseLaunchArgs', () => {
  it('defaults to port 5170', () => {
    expect(parseLaunchArgs([])).toEqual({
      port: DEFAULT_PORT,
      help: false,
      team: false,
      loopback: false,
      scenario: 'skype-2010',
      seed: 20101222,
      scale: 1,
    });
    expect(DEFAULT_PORT).toBe(5170);
  });

  it('accepts --port N and --port=N', () => {
    expect(parseLaunchArgs(['--port', '5181']).port).toBe(5181);
    expect(parseLaunchArgs(['--port=1']).port).toBe(1);
    expect(parseLaunchArgs(['--port', '65535']).port).toBe(65535);
  });

  it('accepts --scenario for a team drill, only a built-in one', () => {
    expect(parseLaunchArgs(['--team', '--scenario', 'skype-2007']).scenario).toBe('skype-2007');
    expect(() => parseLaunchArgs(['--team', '--scenario', 'nope'])).toThrow(
      /^--scenario must be one of skype-2010, skype-2007, got "nope"$/,
    );
    expect(() => parseLaunchArgs(['--scenario'])).toThrow('--scenario needs a value');
  });

  it('accepts --team with a seed and scale', () => {
    expect(parseLaunchArgs(['--team', '--port', '5195', '--seed', '-3', '--scale', '0.05'])).toEqual({
      port: 5195,
      help: false,
      team: true,
      loopback: false,
      scenario: 'skype-2010',
      seed: -3,
      scale: 0.05,
    });
  });

  it('recognises --help', () => {
    expect(parseLaunchArgs(['--help']).help).toBe(true);
    expect(parseLaunchArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--port', 'abc'], /whole number, got "abc"/],
    [['--port', '0'], /between 1 and 65535/],
    [['--port', '65536'], /between 1 and 65535/],
    [['--port', '-1'], /whole number/],
    [['--port', '0x10'], /whole number/],
    [['--port', '1e3'], /whole number/],
    [['--port', '80.5'], /whole number/],
    [['--port='], /whole number/],
    [['--port'], /needs a value/],
    [['--prot', '80'], /unknown argument "--prot"/],
    [['5170'], /unknown argument "5170"/],
    [['--scale', '0'], /in \(0, 1\]/],
    [['--scale', '1.5'], /in \(0, 1\]/],
    [['--scale', '1e-3'], /in \(0, 1\]/],
    [['--seed', '1.5'], /whole number/],
    [['--seed'], /needs a value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseLaunchArgs(argv)).toThrow(UsageError);
    expect(() => parseLaunchArgs(argv)).toThrow(message);
  });
});
