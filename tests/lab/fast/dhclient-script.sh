#!/bin/bash
# dhclient -6's script in the lab's pc: puts a leased address on the interface and records the
# options it was given; nothing else. Debian's /sbin/dhclient-script would also rewrite
# /etc/resolv.conf, which the pc namespace shares with the host.
# dhclient passes everything in the environment: $reason, $interface, $new_ip6_address, ... and
# V6WIZARD_LAB_DHCP_OPTIONS (given with `dhclient -e`), the file the options are appended to. A
# stateless answer (reason INFORM6) is not written to the lease file at all, so this is where the
# self-test finds its DNS servers.
set -u
if [ -n "${V6WIZARD_LAB_DHCP_OPTIONS:-}" ]; then
    printf 'reason=%s\ndns=%s\nsearch=%s\n' "${reason:-}" "${new_dhcp6_name_servers:-}" \
        "${new_dhcp6_domain_search:-}" >>"$V6WIZARD_LAB_DHCP_OPTIONS"
fi
case ${reason:-} in
    BOUND6 | RENEW6 | REBIND6 | REBOOT6)
        if [ -n "${new_ip6_address:-}" ]; then
            # nodad: the lease is what is under test here, not duplicate detection on the pc.
            ip -6 addr replace "${new_ip6_address}/${new_ip6_prefixlen:-128}" dev "${interface:?}" nodad
        fi
        ;;
    STOP6 | RELEASE6 | EXPIRE6)
        if [ -n "${old_ip6_address:-}" ]; then
            ip -6 addr del "${old_ip6_address}/${old_ip6_prefixlen:-128}" dev "${interface:?}" 2>/dev/null || true
        fi
        ;;
esac
exit 0
