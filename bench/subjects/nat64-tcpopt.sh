# shellcheck shell=bash disable=SC2034
# This project, stateful NAT64 with TCP-option state. Not implemented yet.
SUBJECT_DESC="nat64.ko NAT64 + TCP options (this project)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=this
subject_available() {
	echo "not yet available (TCP-option mode not implemented; add its setup here)"
	return 1
}
subject_setup() { return 1; }
subject_teardown() { return 0; }
