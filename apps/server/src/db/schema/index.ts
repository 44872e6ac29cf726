export * from './audit';
export * from './households';
export * from './mall';
export * from './org-units';
export * from './photos';
export * from './points';
export * from './users';
