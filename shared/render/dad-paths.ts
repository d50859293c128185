/** Where the DAD wait lives on the router. */
export const DAD_PATHS = {
  script: '/usr/local/sbin/v6wizard-dad-wait',
  unit: '/etc/systemd/system/v6wizard-dad-wait.service',
} as const;

export const DAD_SERVICE = 'v6wizard-dad-wait';
