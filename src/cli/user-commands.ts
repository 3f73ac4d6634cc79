import { Option, type Command } from 'commander';
import { EXIT } from '../errors.js';
import {
  createUser,
  disableUser,
  isRole,
  listUsers,
  passwordFault,
  resetPassword,
  resetTotp,
  ROLES,
} from '../staff/index.js';
import type { Io } from './main.js';
import { addListCommand, type WithStore } from './list-command.js';
import { dataOption, urlOption, type StoreFlags } from './runtime-commands.js';

type PasswordFlags = StoreFlags & { passwordStdin?: boolean };

const passwordStdinOption = (): Option =>
  new Option('--password-stdin', 'read the password from the first line of standard input');

/** Adds `users create|list|disable|reset-password|reset-totp`: staff accounts of the admin console. */
export function registerUserCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
  withStore: WithStore,
): void {
  /** The password, checked, or undefined after saying why there is none (exit 2). */
  async function password(flags: PasswordFlags): Promise<string | undefined> {
    const read = io.readPassword;
    const typed =
      read === undefined
        ? undefined
        : await read({ prompt: 'Password: ', stdin: flags.passwordStdin === true });
    if (typed === undefined) {
      io.stderr(
        'custodian: give the password on standard input with --password-stdin, or run in a terminal to type it (never on the command line)\n',
      );
      state.exitCode = EXIT.usage;
      return undefined;
    }
    const fault = passwordFault(typed);
    if (fault !== undefined) {
      io.stderr(`custodian: the password must have ${fault}\n`);
      state.exitCode = EXIT.usage;
      return undefined;
    }
    return typed;
  }

  const users = program
    .command('users')
    .description(
      'staff accounts of the admin console: create, list, disable, reset-password, reset-totp',
    );

  users
    .command('create')
    .description('create a staff account; the password is read from the terminal or standard input')
    .requiredOption('--email <email>', 'the sign-in name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .addOption(passwordStdinOption())
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: PasswordFlags & { email: string; role: string }) => {
      if (!isRole(flags.role)) {
        io.stderr(`custodian: unknown role ${flags.role}; roles are ${ROLES.join(', ')}\n`);
        state.exitCode = EXIT.usage;
        return;
      }
      const secret = await password(flags);
      if (secret === undefined) return;
      await withStore(flags, async (store) => {
        const { id } = await createUser(store.db, {
          email: flags.email,
          role: flags.role,
          password: secret,
        });
        io.stdout(`${id}\n`);
        io.stderr(`custodian: created ${flags.role} ${id}\n`);
      });
    });

  addListCommand(users, io, withStore, {
    description: 'list staff accounts (never their passwords)',
    load: listUsers,
    line: (user) => {
      const status =
        user.disabledAt !== null
          ? `disabled ${user.disabledAt.toISOString()}`
          : user.lockedUntil !== null && user.lockedUntil > new Date()
            ? `locked until ${user.lockedUntil.toISOString()}`
            : 'active';
      return `${user.id}  ${user.email}  ${user.role}  ${status}`;
    },
    empty: 'no staff accounts; create one with custodian users create',
  });

  users
    .command('disable')
    .description('disable a staff account and end its sessions at once')
    .argument('<user>', 'the user id or email')
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (user: string, flags: StoreFlags) => {
      await withStore(flags, async (store) => {
        if (await disableUser(store.db, user)) {
          io.stdout(`disabled ${user}\n`);
        } else {
          io.stderr(`custodian: no staff account ${user}\n`);
          state.exitCode = EXIT.usage;
        }
      });
    });

  users
    .command('reset-password')
    .description("set a new password, lift a lock-out and end the account's sessions")
    .argument('<user>', 'the user id or email')
    .addOption(passwordStdinOption())
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (user: string, flags: PasswordFlags) => {
      const secret = await password(flags);
      if (secret === undefined) return;
      await withStore(flags, async (store) => {
        if (await resetPassword(store.db, user, secret)) {
          io.stdout(`reset ${user}\n`);
        } else {
          io.stderr(`custodian: no staff account ${user}\n`);
          state.exitCode = EXIT.usage;
        }
      });
    });

  users
    .command('reset-totp')
    .description(
      "turn off two-step sign-in for someone who lost their device; ends the account's sessions",
    )
    .requiredOption('--email <email>', 'the sign-in name (or the user id)')
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags & { email: string }) => {
      await withStore(flags, async (store) => {
        if (await resetTotp(store.db, flags.email)) {
          io.stdout(`reset two-step sign-in of ${flags.email}\n`);
          io.stderr(
            'custodian: the user signs in with the password alone and can set up a new device from /console/account\n',
          );
        } else {
          io.stderr(`custodian: no staff account ${flags.email}\n`);
          state.exitCode = EXIT.usage;
        }
      });
    });
}
