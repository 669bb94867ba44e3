import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import { DEFAULT_CONTAINER_BOUNDS } from './container-units';
import { UpdateContainerDto, toPatch } from './update-container.dto';

type Raw = Record<string, unknown>;

describe('the update body', () => {
  const patchOf = async (raw: Raw) =>
    toPatch(await throughPipe(UpdateContainerDto, raw, 'body'), DEFAULT_CONTAINER_BOUNDS);

  it('reads cpu and memory as the CLI sends them, and name and auto_heal', async () => {
    expect(await patchOf({ cpu: '0.5', memory: '256' })).toEqual({ cpu: 0.5, memory: 256 });
    expect(await patchOf({ name: 'renamed', auto_heal: 'True' })).toEqual({
      name: 'renamed',
      auto_heal: true,
    });
  });

  it.each<[string, Raw, string]>([
    ['cpu: true', { cpu: true }, 'field/attribute cpu: expected a number'],
    ['memory with a unit', { memory: '1g' }, 'field/attribute memory: expected a whole number'],
    ['a one-letter name', { name: 'x' }, 'field/attribute name: expected 2 to 255 characters'],
    ['auto_heal: 1', { auto_heal: 1 }, 'field/attribute auto_heal: expected true or false'],
    ['a key update does not have', { image: 'busybox' }, "('image' was unexpected)"],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(UpdateContainerDto, raw, 'body')).toContain(message);
  });

  it('refuses memory outside the range and an update of nothing', async () => {
    await expect(patchOf({ memory: 4 })).rejects.toThrow('expected 6 to 8192 MiB');
    await expect(patchOf({})).rejects.toThrow('Please specify at least one of');
  });
});
