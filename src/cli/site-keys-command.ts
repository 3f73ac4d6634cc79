import type { Command } from 'commander';
import { EXIT } from '../errors.js';
// The site keys module alone, not the server's index: this command needs no HTTP server.
import { newSiteKey, originOf, siteKeysFromEnv } from '../server/site-keys.js';
import type { Io } from './main.js';

const VARIABLE = 'CUSTODIAN_SITE_KEYS';

/**
 * `custodian site-keys generate --origin …`: a new publishable key of the consent banner and the
 * `CUSTODIAN_SITE_KEYS` line that declares it. Site keys are configuration, not data: nothing is
 * stored, the operator adds the line to the server's environment (docs/banner.md).
 */
export function registerSiteKeysCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
): void {
  const siteKeys = program
    .command('site-keys')
    .description('publishable site keys of the consent banner (configuration, never stored)');

  siteKeys
    .command('generate')
    .description(
      `print a new site key for the pages of the given origins, and the ${VARIABLE} line to add`,
    )
    .requiredOption(
      '--origin <origin>',
      'an origin whose pages embed the banner, such as https://shop.example.com (repeatable)',
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    )
    .action((flags: { origin: readonly string[] }) => {
      const origins: string[] = [];
      for (const typed of flags.origin) {
        const origin = originOf(typed.trim());
        if (!origin.ok) {
          io.stderr(`custodian: --origin ${typed} ${origin.reason}\n`);
          state.exitCode = EXIT.usage;
          return;
        }
        if (!origins.includes(origin.value)) origins.push(origin.value);
      }
      const key = newSiteKey();
      const entry = `${key}=${origins.join(',')}`;
      // Keeps the keys already configured here, when they are valid: the line replaces the old one.
      const current = process.env[VARIABLE]?.trim() ?? '';
      let value = entry;
      if (current !== '') {
        try {
          siteKeysFromEnv(current);
          value = [...current.split(';').filter((kept) => kept.trim() !== ''), entry].join(';');
        } catch {
          io.stderr(`custodian: ${VARIABLE} in this environment is not valid; it is left out\n`);
        }
      }
      io.stdout(`${key}\n${VARIABLE}='${value}'\n`);
      const plain = origins.filter((origin) => origin.startsWith('http:'));
      if (
        plain.some(
          (origin) => !/^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/u.test(origin),
        )
      ) {
        io.stderr(
          'custodian: note: an http:// origin is not a secure context; serve those pages over https\n',
        );
      }
      io.stderr(
        `custodian: set that ${VARIABLE} line in the server's environment and restart it; embed the key as data-site-key="${key}" (docs/banner.md)\n`,
      );
    });
}
