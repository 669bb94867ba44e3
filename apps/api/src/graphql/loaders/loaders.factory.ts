import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestLoaders } from './request-loaders';

/** Hands Apollo's context factory a fresh set of loaders for each operation. */
@Injectable()
export class LoadersFactory {
  constructor(private readonly dataSource: DataSource) {}

  create(): RequestLoaders {
    return new RequestLoaders(this.dataSource);
  }
}
