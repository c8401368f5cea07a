import { describe, expect, it } from 'vitest';
import {
  MissingTrainingDataError,
  PUBLIC_TICKETS,
  portableArgs,
  requireTrainingData,
} from '../../tools/data/public-tickets';

describe('the public training set', () => {
  it('a missing CSV names the file, the flag, where to download the data and its licence', () => {
    expect(() => requireTrainingData('nowhere/tickets-train.csv', '--train-data')).toThrow(MissingTrainingDataError);
    try {
      requireTrainingData('nowhere/tickets-train.csv', '--train-data');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/^nowhere\/tickets-train\.csv does not exist/);
      for (const part of ['--train-data FILE.csv', PUBLIC_TICKETS.kaggle, PUBLIC_TICKETS.huggingFace, 'CC BY-NC 4.0'])
        expect(message).toContain(part);
    }
  });

  it('an existing file is returned as it is', () => {
    expect(requireTrainingData('package.json')).toBe('package.json');
  });

  it('a training command keeps paths in the clone and turns outside paths into data/<name>', () => {
    expect(
      portableArgs([
        '--data',
        '../elsewhere/tickets-train.csv',
        '--data=/abs/de.csv',
        '--data',
        'mine.csv',
        '--out',
        '../x',
      ]),
    ).toEqual(['--data', 'data/tickets-train.csv', '--data=data/de.csv', '--data', 'mine.csv', '--out', '../x']);
  });
});
