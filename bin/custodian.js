#!/usr/bin/env node
import { main, processIo } from '../dist/cli/main.js';

// Whatever Custodian creates is readable by its owner only (files 0600, directories 0700): the
// embedded database, its lock, key files, access packages. PostgreSQL's postmaster sets the same
// umask (0077) for its data directory. Published documents (notice, records) are written with the
// umask the user started with, which is kept for them.
const publishUmask = process.umask(0o077);
process.exitCode = await main(process.argv.slice(2), { ...processIo, publishUmask });
