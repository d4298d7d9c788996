import { describe, expect, it } from 'vitest';
import { roundedPath } from './geometry';
import type { StepNodeData } from './layout';
import { humanizePieceName, stepLook } from './stepLook';

const step = (over: Partial<StepNodeData>): StepNodeData => ({
  stepName: 'step_1',
  displayName: 'Step',
  stepType: 'PIECE',
  pieceName: null,
  actionOrTriggerName: null,
  valid: true,
  skip: false,
  isTrigger: false,
  ...over,
});

describe('stepLook', () => {
  it('names pieces from the catalogue, or from their package name when unknown', () => {
    const pieces = { '@activepieces/piece-slack': { displayName: 'Slack', logoUrl: 'https://cdn.example.test/s.png' } };
    expect(stepLook(step({ pieceName: '@activepieces/piece-slack' }), pieces)).toEqual({
      kindLabel: 'Slack',
      logoUrl: 'https://cdn.example.test/s.png',
      icon: 'piece',
    });
    expect(stepLook(step({ pieceName: '@activepieces/piece-google-sheets' }), pieces)).toEqual({
      kindLabel: 'Google Sheets',
      logoUrl: null,
      icon: 'piece',
    });
    expect(humanizePieceName('my_custom-piece')).toBe('My Custom Piece');
  });

  it('gives built-in steps their own name and icon', () => {
    expect(stepLook(step({ stepType: 'CODE' }), {})).toMatchObject({ kindLabel: 'Code', icon: 'code' });
    expect(stepLook(step({ stepType: 'LOOP_ON_ITEMS' }), {})).toMatchObject({ kindLabel: 'Loop on Items', icon: 'loop' });
    expect(stepLook(step({ stepType: 'ROUTER' }), {})).toMatchObject({ kindLabel: 'Router', icon: 'router' });
    expect(stepLook(step({ stepType: 'EMPTY', isTrigger: true }), {})).toMatchObject({ kindLabel: 'Trigger', icon: 'trigger' });
  });
});

describe('roundedPath', () => {
  it('draws straight lines as they are and rounds corners by at most half a segment', () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 50 }])).toBe('M 0 0 L 0 50');
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 50 }, { x: 100, y: 50 }])).toBe('M 0 0 L 0 40 Q 0 50 10 50 L 100 50');
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 8 }, { x: 100, y: 8 }])).toBe('M 0 0 L 0 4 Q 0 8 4 8 L 100 8');
    expect(roundedPath([])).toBe('');
  });
});
