export * from './public.decorator';
export * from './auth.guard';
export * from './authenticate';
export * from './auth.module';
