import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import {
  CommitQuery,
  KillQuery,
  RebuildQuery,
  RenameQuery,
  TimeoutQuery,
  commitTarget,
} from './action-query.dto';
import { CreateContainerQuery, DeleteContainerQuery } from './container-query.dto';

type Raw = Record<string, unknown>;

describe('the stop and reboot timeout', () => {
  it.each<[Raw, number | undefined]>([
    [{}, undefined],
    [{ timeout: '' }, undefined],
    [{ timeout: '0' }, 0],
    [{ timeout: '10' }, 10],
    [{ timeout: '2147483647' }, 2147483647],
  ])('reads %j', async (raw, seconds) => {
    expect((await throughPipe(TimeoutQuery, raw)).timeout).toBe(seconds);
  });

  it.each(['1e3', '1.5', ' 3', '+3', '0x10', '-1', '2147483648', 'ten'])(
    'refuses the timeout %j',
    async (timeout) => {
      expect(await refusalOf(TimeoutQuery, { timeout })).toContain(
        'Invalid input for query parameter timeout: expected a whole number from 0 to 2147483647',
      );
    },
  );
});

describe('the kill signal', () => {
  it.each<[string, string | undefined]>([
    ['None', undefined],
    ['SIGTERM', 'SIGTERM'],
    ['term', 'term'],
    ['9', '9'],
    ['RTMIN+3', 'RTMIN+3'],
  ])('reads %s', async (signal, read) => {
    expect((await throughPipe(KillQuery, { signal })).signal).toBe(read);
  });

  it.each(['SIGBOGUS', '0', '65', '9.0', ' 9'])('refuses the signal %j', async (signal) => {
    expect(await refusalOf(KillQuery, { signal })).toContain('query parameter signal');
  });
});

describe('the rebuild image', () => {
  it('takes a reference Docker can pull, and the docker driver', async () => {
    expect(
      await throughPipe(RebuildQuery, { image: 'busybox:1.36', image_driver: 'docker' }),
    ).toMatchObject({ image: 'busybox:1.36', image_driver: 'docker' });
  });

  it.each<[Raw, string]>([
    [{ image: 'a' }, 'query parameter image: expected 2 to 255 characters'],
    [{ image: '!!!' }, 'is not an image reference'],
    [{ image_driver: 'glance' }, 'query parameter image_driver: expected docker'],
  ])('refuses %j', async (raw, message) => {
    expect(await refusalOf(RebuildQuery, raw)).toContain(message);
  });
});

describe('the repository and tag of a commit', () => {
  const target = async (raw: Raw) => commitTarget(await throughPipe(CommitQuery, raw));

  it('takes the repository and tag the CLI sends apart', async () => {
    expect(await target({ repository: 'berth/x', tag: '1' })).toEqual({
      repository: 'berth/x',
      tag: '1',
    });
    expect(await target({ repository: '127.0.0.1:5000/berth/x' })).toEqual({
      repository: '127.0.0.1:5000/berth/x',
      tag: 'latest',
    });
  });

  it('splits a bare reference after its last slash', async () => {
    expect(await target({ repository: '127.0.0.1:5000/berth/x:v2' })).toEqual({
      repository: '127.0.0.1:5000/berth/x',
      tag: 'v2',
    });
  });

  // Docker refuses these only after it has made the image, which it then leaves untagged.
  it.each<[Raw, string]>([
    [{ repository: 'UPPER/x', tag: '1' }, 'query parameter repository'],
    [{ repository: 'UPPER/x:1' }, 'query parameter repository'],
    [{ repository: 'berth/X', tag: '1' }, 'query parameter repository'],
    [{ repository: 'a..b', tag: '1' }, 'query parameter repository'],
    [{ repository: `berth/x@sha256:${'a'.repeat(64)}` }, 'query parameter repository'],
    [{ repository: 'berth/x:-bad' }, 'query parameter repository'],
    [{ repository: 'berth/x', tag: '-bad' }, 'query parameter tag'],
    [{ repository: 'berth/x', tag: 'a'.repeat(129) }, 'query parameter tag'],
    [{ repository: 'berth/x', tag: 'x y' }, 'query parameter tag'],
    [{ tag: '1' }, 'query parameter repository: it is required'],
  ])('refuses %j with a 400 before anything is asked of Docker', async (raw, message) => {
    expect(await refusalOf(CommitQuery, raw)).toContain(message);
  });

  it('refuses a tag given both in the repository and on its own', async () => {
    await expect(target({ repository: 'berth/x:1', tag: '2' })).rejects.toThrow(
      'carries a tag and so does the query parameter tag',
    );
  });
});

describe('the rename name', () => {
  it.each<[Raw, string]>([
    [{}, 'query parameter name: it is required'],
    [{ name: 'a' }, 'query parameter name: expected a name'],
    [{ name: '-x' }, 'query parameter name: expected a name'],
  ])('refuses %j', async (raw, message) => {
    expect(await refusalOf(RenameQuery, raw)).toContain(message);
  });
});

describe('the create and delete flags', () => {
  it("reads Zun's boolean_extended spellings", async () => {
    expect((await throughPipe(CreateContainerQuery, { run: 'YES' })).run).toBe(true);
    expect(
      await throughPipe(DeleteContainerQuery, { force: 'False', stop: 'on', all_projects: '0' }),
    ).toMatchObject({ force: false, stop: true, all_projects: false });
  });

  it.each<[Raw, string]>([
    [{ force: 'maybe' }, 'query parameter force'],
    [{ stop: 'T' }, 'query parameter stop'],
    [{ purge: 'True' }, 'Unknown parameters: purge'],
  ])('refuses %j', async (raw, message) => {
    expect(await refusalOf(DeleteContainerQuery, raw)).toContain(message);
  });
});
