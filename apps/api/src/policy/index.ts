export * from './policy.decorator';
export * from './policy-enforcer';
export * from './policy-table';
export * from './rules';
