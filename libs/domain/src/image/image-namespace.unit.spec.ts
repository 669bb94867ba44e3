import { decide } from '../container/container.decide';
import { aContainer, commands } from '../container/container.test-fixtures';
import type { ContainerCommand } from '../container/container.commands';
import {
  COMMIT_NAMESPACE,
  CommitRepositoryRefused,
  ImageNameNotFound,
  assertImageVisibleTo,
  projectDigest,
  projectImageRepository,
} from './image-namespace';
import { isValidRepository } from './image-reference';

describe("a project's commit namespace", () => {
  it('puts a committed repository under the project, never under the name asked for', () => {
    const repository = projectImageRepository('p1', 'nginx');
    expect(repository).toBe(`${COMMIT_NAMESPACE}/${projectDigest('p1')}/nginx`);
    expect(repository).not.toBe('nginx');
    expect(isValidRepository(repository)).toBe(true);
  });

  it("gives two projects' commits of one name two repositories", () => {
    expect(projectImageRepository('p1', 'app')).not.toBe(projectImageRepository('p2', 'app'));
  });

  it('refuses a repository with a registry host, or one too long to fit under the namespace', () => {
    expect(() => projectImageRepository('p1', '127.0.0.1:5000/app')).toThrow(
      CommitRepositoryRefused,
    );
    expect(() => projectImageRepository('p1', 'localhost/app')).toThrow(CommitRepositoryRefused);
    expect(() => projectImageRepository('p1', 'a'.repeat(250))).toThrow(/project's namespace/);
  });

  it("hides another project's committed image, as an image that does not exist", () => {
    const theirs = `${projectImageRepository('p2', 'app')}:v1`;
    expect(() => assertImageVisibleTo('p1', theirs)).toThrow(ImageNameNotFound);
    expect(() => assertImageVisibleTo('p1', theirs)).toThrow(`Image ${theirs} could not be found.`);
    expect(() => assertImageVisibleTo('p2', theirs)).not.toThrow();
    expect(() => assertImageVisibleTo('p1', 'nginx:latest')).not.toThrow();
    // Behind a registry host it is that registry's image, not a commit on the host.
    expect(() =>
      assertImageVisibleTo('p1', `127.0.0.1:5000/${projectImageRepository('p2', 'app')}`),
    ).not.toThrow();
  });

  it("refuses a create or a rebuild naming another project's committed image", () => {
    const theirs = projectImageRepository('p2', 'app');
    const create = commands.create() as Extract<ContainerCommand, { type: 'CreateContainer' }>;
    const creating = {
      ...create,
      data: { ...create.data, spec: { ...create.data.spec, image: theirs } },
    };
    expect(() => decide({ exists: false }, creating)).toThrow(ImageNameNotFound);
    const rebuild = commands.rebuild() as Extract<ContainerCommand, { type: 'RebuildContainer' }>;
    const rebuilding = { ...rebuild, data: { ...rebuild.data, image: theirs } };
    expect(() => decide(aContainer({ status: 'Running' }), rebuilding)).toThrow(ImageNameNotFound);
  });

  it("runs the project's own committed image", () => {
    const mine = projectImageRepository('p1', 'app');
    const rebuild = commands.rebuild() as Extract<ContainerCommand, { type: 'RebuildContainer' }>;
    const events = decide(aContainer({ status: 'Running' }), {
      ...rebuild,
      data: { ...rebuild.data, image: mine },
    });
    expect(events[0]).toMatchObject({ type: 'ContainerRebuildRequested', data: { image: mine } });
  });
});
