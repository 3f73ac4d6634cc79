/**
 * Durable background jobs, on pg-boss, in the store's own database (PostgreSQL or embedded PGlite).
 *
 * Job = a unit of work with JSON data, stored before `send` returns, so it survives a crash or a
 * restart. Queue = a named list of jobs with its retry and retention settings. Worker = a handler
 * this process runs for each job of a queue; a job is completed once, when its handler resolves.
 */
export {
  startJobs,
  type JobOf,
  type Jobs,
  type JobsLogger,
  type JobsOptions,
  type QueueSettings,
  type SendSettings,
  type WorkSettings,
} from './start-jobs.js';
