# shellcheck shell=bash disable=SC2034
# Plain IPv6 forwarding: the limit for the IPv6 side (same client packets, no translation).
SUBJECT_DESC="plain IPv6 forwarding"
SUBJECT_FAMILY=v6v6
SUBJECT_KIND=limit
subject_available() { return 0; }
subject_setup() { return 0; }
subject_teardown() { return 0; }
