import { existsSync } from 'node:fs';

/** A PostgreSQL server for the tests: TEST_DATABASE_URL, or a Docker engine to start one in. */
export function databaseServerAvailable(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL?.trim()) || dockerAvailable();
}

export function dockerAvailable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}
