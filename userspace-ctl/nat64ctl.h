/* SPDX-License-Identifier: GPL-2.0 */
/* nat64ctl: shared declarations (options, exit codes, parsing helpers, commands). */
#ifndef NAT64CTL_H
#define NAT64CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#define NAT64CTL_VERSION "1.0"

/* Exit statuses (documented in nat64ctl.8). */
#define EXIT_OK		0
#define EXIT_USAGE	1	/* bad command line */
#define EXIT_KERNEL	2	/* kernel refused, module missing, netlink/system error */

/* Global options. */
extern bool opt_json;	/* -j */
extern bool opt_stats;	/* -s */

/* Print "nat64ctl: ..." to stderr. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Exact keyword match: index of word in the NULL-terminated list, or -1
 * after printing "unknown WHAT "word"; valid: a, b, c".
 */
int kw_pick(const char *what, const char *word, const char *const *choices);
/* The command word of an object (dflt when there is none), shifted off argc/argv. */
int cmd_pick(const char *what, const char *const *cmds, int dflt, int *argc, char ***argv);

/* Whole-string decimal number within [min, max]; false when not. */
bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

struct pfx6 { struct in6_addr addr; uint8_t len; };
struct pfx4 { struct in_addr addr; uint8_t len; };

/* "ADDR[/LEN]"; a missing length means a host prefix (/128, /32). */
bool parse_pfx6(const char *s, struct pfx6 *p);
bool parse_pfx4(const char *s, struct pfx4 *p);
/* Formatting into caller buffers of at least PFX_STRLEN bytes. */
#define PFX_STRLEN (INET6_ADDRSTRLEN + 5)
void fmt_pfx6(const void *addr, uint8_t len, char *buf);
void fmt_pfx4(const void *addr, uint8_t len, char *buf);

/* Stateful NAT64 helpers (util_nat64.c). */
bool is_proto_word(const char *s);
/* "tcp", "udp", "icmp" -> IPPROTO_*; -1 after printing the valid choices. */
int parse_proto(const char *s);
const char *proto_name(uint8_t proto);
/* "MIN-MAX" or a single number N (N-N); no check that MIN <= MAX. */
bool parse_range(const char *s, uint16_t *min, uint16_t *max);
/* "[ADDR6]:PORT" */
bool parse_addr6_port(const char *s, struct in6_addr *a, uint16_t *port);
/* "ADDR4" or "ADDR4:PORT" */
bool parse_addr4_port(const char *s, struct in_addr *a, uint16_t *port, bool *has_port);
/* Buffers of at least ADDRPORT_STRLEN bytes. */
#define ADDRPORT_STRLEN (INET6_ADDRSTRLEN + 10)
void fmt_addr6_port(const void *addr, uint16_t port, char *buf);
void fmt_addr4_port(const void *addr, uint16_t port, char *buf);
void fmt_addr6(const void *addr, char *buf);
void fmt_addr4(const void *addr, char *buf);

/* Object handlers: argv starts at the command word (may be empty). */
int cmd_instance(int argc, char **argv);
int cmd_prefix(int argc, char **argv);
int cmd_eam(int argc, char **argv);
int cmd_pool6791(int argc, char **argv);
int cmd_deny(int argc, char **argv);
int cmd_settings(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_pool4(int argc, char **argv);
int cmd_bib(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
/* TCP state in the packet (cmd_opt.c). */
int cmd_key(int argc, char **argv);
int cmd_mapkey(int argc, char **argv);
int cmd_optpool(int argc, char **argv);
int cmd_optclient(int argc, char **argv);
int cmd_optdest(int argc, char **argv);
int cmd_hostflow(int argc, char **argv);

/* Check that no words are left after a command; prints and returns false otherwise. */
bool no_more_args(int argc, char **argv);

#endif /* NAT64CTL_H */
