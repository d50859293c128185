#!/bin/sh
# SSH_ASKPASS for the lab's password logins: OpenSSH runs this instead of prompting and reads the
# password from its output. The password comes from the environment, never from a file or argv.
printf '%s\n' "${V6WIZARD_LAB_PASSWORD:?V6WIZARD_LAB_PASSWORD is not set}"
