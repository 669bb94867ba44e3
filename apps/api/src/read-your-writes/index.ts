export { ProjectionWaiter } from './projection-waiter';
export { ReadYourWritesModule } from './read-your-writes.module';
