/** The CLI's help text; printed for --help (stdout) and after a usage error (stderr). */
export const USAGE = `Usage:
  v6wizard validate PROFILE.json
  v6wizard export PROFILE.json --out DIR [--tar FILE.tar.gz]
  v6wizard detect --host [user@]host[:port] [--identity FILE] [--password-stdin]
                  [--accept-host-key SHA256:…] [--known-hosts FILE] [PROFILE.json]
  v6wizard status --host [user@]host[:port] [same options] [PROFILE.json]
  v6wizard plan --host [user@]host[:port] [same options] PROFILE.json
  v6wizard apply --host [user@]host[:port] [same options] [--yes] [--confirm-timeout S]
                 [--broker-key-file FILE] [--ping-outside IPV6] PROFILE.json
  v6wizard rollback --host [user@]host[:port] [same options]
  v6wizard forget-host HOST[:PORT] [--known-hosts FILE]
  v6wizard --help | --version

validate  checks a profile; prints one "path: message" line per problem.
export    writes every file the router needs into DIR (which must not exist or be empty):
          DIR/files/..., DIR/manifest.json, DIR/install.sh, DIR/README.txt.
          --tar also writes the same folder as a .tar.gz.

detect    looks at the router over SSH and changes nothing; with PROFILE also the files it
          would replace and the profile fields detect would fill in.
status    the v6wizard files (compared with PROFILE's export), backups and services on the router.
plan      what apply would do: steps, packages, services, and a diff per file; "no changes" when
          the router already has this profile.
apply     backs up, uploads, checks every file with its daemon, switches stage by stage under a
          router-side revert timer, reconnects over a new connection, verifies and confirms. If the
          confirmation does not arrive (lock-out, lost connection) the router reverts by itself.
          Asks first unless --yes (which also agrees to installing missing packages).
          --broker-key-file FILE: the tunnel broker's update key (the first line of FILE); with
          it and the profile's tunnel.update, apply updates the tunnel endpoint at the broker.
          --ping-outside IPV6: also ping this outside address from the router's LAN address
          before confirming (e.g. 2001:4860:4860::8888); no answer fails and rolls back.
rollback  restores the newest v6wizard backup on the router.
          The password (login, key passphrase and sudo) is read from stdin, never an argument.
          An unknown host key is printed with its fingerprint; accept it with --accept-host-key.
forget-host  removes a stored host key: the only way to trust a router whose key changed.

Exit status: 0 done (warnings, if any, on stderr), 1 the profile is invalid or the export could
not be written (apply/rollback: failed and rolled back), 2 wrong usage; the router commands also
3 host key not accepted yet, 4 host key CHANGED (refused), 5 another SSH failure (login, sudo,
connection, timeout).`;
