export * from './audit';
export * from './households';
export * from './open311';
export * from './org-units';
export * from './photos';
export * from './users';
