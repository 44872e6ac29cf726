export * from './audit';
export * from './households';
export * from './org-units';
export * from './users';
