export * from './audit';
export * from './chores';
export * from './households';
export * from './org-units';
export * from './photos';
export * from './users';
