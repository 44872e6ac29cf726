export * from './audit';
export * from './households';
export * from './notifications';
export * from './org-units';
export * from './photos';
export * from './reports';
export * from './users';
