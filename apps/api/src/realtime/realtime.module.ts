import { Global, Module } from '@nestjs/common';
import { SocketIoServer } from './socket-io.server';

/** The socket.io server the realtime features (event stream, consoles) add namespaces to. */
@Global()
@Module({ providers: [SocketIoServer], exports: [SocketIoServer] })
export class RealtimeModule {}
