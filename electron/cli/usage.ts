/** The CLI's help text; printed for --help (stdout) and after a usage error (stderr). */
export const USAGE = `Usage:
  v6wizard validate PROFILE.json
  v6wizard export PROFILE.json --out DIR [--tar FILE.tar.gz]
  v6wizard --help | --version

validate  checks a profile; prints one "path: message" line per problem.
export    writes every file the router needs into DIR (which must not exist or be empty):
          DIR/files/..., DIR/manifest.json, DIR/install.sh, DIR/README.txt.
          --tar also writes the same folder as a .tar.gz.

Exit status: 0 done (warnings, if any, on stderr), 1 the profile is invalid or the export could
not be written, 2 wrong usage.`;
