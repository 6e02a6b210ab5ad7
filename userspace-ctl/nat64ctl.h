/* SPDX-License-Identifier: GPL-2.0 */
/* nat64ctl: shared declarations (options, exit codes, parsing helpers, commands). */
#ifndef NAT64CTL_H
#define NAT64CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define NAT64CTL_VERSION "1.0"

/* Exit statuses (documented in nat64ctl.8). */
#define EXIT_OK		0
#define EXIT_USAGE	1	/* bad command line */
#define EXIT_KERNEL	2	/* kernel refused, module missing, netlink/system error */

/* Global options (anywhere on the command line, see main.c). */
extern bool opt_json;	/* -j */
extern bool opt_stats;	/* -s: kept for scripts, means -a for stats show */
extern bool opt_all;	/* -a: stats show prints zero counters too */

/* Print "nat64ctl: ..." to stderr. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Keyword match: index of word in the NULL-terminated list, where a word may
 * be any unique prefix of a keyword (an exact match always wins) and "list"
 * and "delete" stand for "show" and "del". -1 after printing
 * "unknown WHAT "word"; valid: a, b, c" or "ambiguous WHAT "word"; could be: a, b".
 */
int kw_pick(const char *what, const char *word, const char *const *choices);
/* The same without a message: an index, KW_UNKNOWN or KW_AMBIGUOUS. */
#define KW_UNKNOWN	(-1)
#define KW_AMBIGUOUS	(-2)
int kw_find(const char *word, const char *const *choices);
/* word is a (non-empty) prefix of keyword. */
bool kw_is(const char *word, const char *keyword);
/* The command word of an object (dflt when there is none), shifted off argc/argv. */
int cmd_pick(const char *what, const char *const *cmds, int dflt, int *argc, char ***argv);

/* Whole-string decimal number within [min, max]; NUM_OK, or why not. */
enum num_status { NUM_OK, NUM_NAN, NUM_SMALL, NUM_LARGE };
enum num_status parse_uint(const char *s, unsigned long min, unsigned long max,
			   unsigned long *out);
/* "not a number", "number too large (max 255)"... (a static buffer). */
const char *num_why(enum num_status st, unsigned long min, unsigned long max);

/* implied: no /LEN was written (the length is the host length). */
struct pfx6 { struct in6_addr addr; uint8_t len; bool implied; };
struct pfx4 { struct in_addr addr; uint8_t len; bool implied; };

/* "ADDR[/LEN]"; a missing length means a host prefix (/128, /32). */
bool parse_pfx6(const char *s, struct pfx6 *p);
bool parse_pfx4(const char *s, struct pfx4 *p);
/* Formatting into caller buffers of at least PFX_STRLEN bytes. */
#define PFX_STRLEN (INET6_ADDRSTRLEN + 5)
void fmt_pfx6(const void *addr, uint8_t len, char *buf);
void fmt_pfx4(const void *addr, uint8_t len, char *buf);

/* Stateful NAT64 helpers (util_nat64.c). */
/* "tcp", "udp", "icmp" (NULL-terminated) and their IPPROTO_* by index. */
extern const char *const proto_words[];
int proto_num(int i);
/* "tcp", "udp", "icmp" (or a prefix) -> IPPROTO_*; -1 after printing the valid choices. */
int parse_proto(const char *s);
const char *proto_name(uint8_t proto);
/*
 * "MIN-MAX" or a single port N (N-N), each lo..65535, MIN <= MAX. False after
 * printing what is wrong ("port 70000 out of range (1-65535)").
 */
bool parse_ports(const char *s, unsigned int lo, uint16_t *min, uint16_t *max);
/*
 * "[ADDR6]:PORT" and "ADDR4[:PORT]": 1 parsed, 0 not this syntax (the caller
 * says what was expected), -1 a bad port (already printed).
 */
int parse_addr6_port(const char *s, struct in6_addr *a, uint16_t *port);
int parse_addr4_port(const char *s, struct in_addr *a, uint16_t *port, bool *has_port);
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

/* usage.c: the full usage, or one object's ("nat64ctl pool4 help"). */
void usage(FILE *f);
void usage_object(FILE *f, const char *object);

/* Check that no words are left after a command; prints and returns false otherwise. */
bool no_more_args(int argc, char **argv);

#endif /* NAT64CTL_H */
