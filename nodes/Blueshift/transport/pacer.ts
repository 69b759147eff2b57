export * from '../../shared/pacing';
