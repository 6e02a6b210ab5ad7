# shellcheck shell=bash disable=SC2034
# Plain IPv4 forwarding: the limit for the IPv4 side.
SUBJECT_DESC="plain IPv4 forwarding"
SUBJECT_FAMILY=v4v4
SUBJECT_KIND=limit
subject_available() { return 0; }
subject_setup() { return 0; }
subject_teardown() { return 0; }
