// SPDX-License-Identifier: GPL-2.0
/*
 * pool4 add safety: a pool4 TCP/UDP range on one of this host's own IPv4
 * addresses takes those ports from the host. Translated flows would then
 * collide with the host's outgoing connections (its ephemeral ports) and
 * with its servers (listening ports): both break in ways that are hard to
 * trace. So pool4 add refuses such a range unless "force" is given.
 *
 * What is checked, in the namespace nat64ctl acts in (after -n's setns):
 * the addresses of its interfaces (getifaddrs), its ephemeral range
 * (/proc/sys/net/ipv4/ip_local_port_range, per namespace), and its listening
 * sockets through NETLINK_SOCK_DIAG (both families: a dual-stack socket on
 * :: also takes IPv4). Without a range the kernel picks ports above the
 * ephemeral range (or from 1024 up to it) for a prefix holding a host
 * address, so only listeners there are worth a warning.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <libmnl/libmnl.h>
#include "nat64ctl.h"
#include "pool4_guard.h"

#define MAX_LOCAL 4		/* addresses named in the message */
#define MAX_PORTS 1024		/* listening ports remembered */
#define SHOW_PORTS 8		/* listening ports named in the message */

/* Kernel socket states (include/net/tcp_states.h is not uapi). */
#define ST_ESTABLISHED 1
#define ST_CLOSE 7
#define ST_LISTEN 10

struct listener {
	uint16_t port;
	uint8_t proto;
};

struct guard {
	struct pfx4 p;
	uint32_t mask;			/* host order */
	struct in_addr local[MAX_LOCAL];
	unsigned int nr_local;		/* may exceed MAX_LOCAL: only counted */
	struct listener ports[MAX_PORTS];
	unsigned int nr_ports;
	uint8_t proto;			/* diag dump being read */
	int diag_err;			/* errno of a failed listing, or 0 */
};

static bool in_pfx(const struct guard *g, struct in_addr a)
{
	return (ntohl(a.s_addr) & g->mask) == (ntohl(g->p.addr.s_addr) & g->mask);
}

/* This namespace's addresses inside the prefix; false when they cannot be listed. */
static bool find_local(struct guard *g)
{
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i; i = i->ifa_next) {
		struct in_addr a;
		unsigned int k;
		bool seen = false;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		a = ((const struct sockaddr_in *)i->ifa_addr)->sin_addr;
		if (!in_pfx(g, a))
			continue;
		for (k = 0; k < g->nr_local && k < MAX_LOCAL; k++)
			seen |= g->local[k].s_addr == a.s_addr;
		if (seen)
			continue;
		if (g->nr_local < MAX_LOCAL)
			g->local[g->nr_local] = a;
		g->nr_local++;
	}
	freeifaddrs(ifa);
	return true;
}

/* ip_local_port_range of this namespace; false when unreadable. */
static bool ephemeral_range(unsigned int *lo, unsigned int *hi)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	bool ok;

	if (!f)
		return false;
	ok = fscanf(f, "%u %u", lo, hi) == 2 && *lo <= *hi && *hi <= 65535;
	fclose(f);
	return ok;
}

static void add_port(struct guard *g, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < g->nr_ports; i++)
		if (g->ports[i].port == port && g->ports[i].proto == g->proto)
			return;
	if (g->nr_ports < MAX_PORTS) {
		g->ports[g->nr_ports].port = port;
		g->ports[g->nr_ports++].proto = g->proto;
	}
}

static int v6only_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == INET_DIAG_SKV6ONLY &&
	    mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
		*(int *)data = mnl_attr_get_u8(attr);
	return MNL_CB_OK;
}

/* One socket: does it receive IPv4 on an address of the prefix (or any address)? */
static int diag_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	struct guard *g = data;
	struct in_addr a;
	int v6only = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_OK;
	if (m->idiag_family == AF_INET) {
		a.s_addr = m->id.idiag_src[0];
	} else {
		const uint32_t *s = m->id.idiag_src;

		mnl_attr_parse(nlh, sizeof(*m), v6only_cb, &v6only);
		if (!s[0] && !s[1] && !s[2] && !s[3] && !v6only)
			a.s_addr = 0;			/* :: dual-stack */
		else if (!s[0] && !s[1] && s[2] == htonl(0xffff))
			a.s_addr = s[3];		/* ::ffff:a.b.c.d */
		else
			return MNL_CB_OK;		/* IPv6 only */
	}
	if (!a.s_addr || in_pfx(g, a))
		add_port(g, ntohs(m->id.idiag_sport));
	return MNL_CB_OK;
}

/* Dump the sockets of one family and protocol in the states wanted. */
static bool diag_dump(struct mnl_socket *nl, struct guard *g, uint8_t family, uint8_t proto)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct inet_diag_req_v2 *r;
	struct nlmsghdr *nlh;
	unsigned int portid = mnl_socket_get_portid(nl);
	uint32_t seq = (uint32_t)time(NULL) + family + proto;
	ssize_t n;
	int ret;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = family;
	r->sdiag_protocol = proto;
	/* TCP: listening. UDP: bound and unconnected (connected ones see one peer only). */
	r->idiag_states = proto == IPPROTO_TCP ? 1u << ST_LISTEN : 1u << ST_CLOSE;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return false;
	g->proto = proto;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return false;
		ret = mnl_cb_run(buf, n, seq, portid, diag_cb, g);
	} while (ret > MNL_CB_STOP);
	return ret == MNL_CB_STOP;
}

static void find_listeners(struct guard *g, bool tcp, bool udp)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	bool ok = nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0;

	if (ok && tcp)
		ok = diag_dump(nl, g, AF_INET, IPPROTO_TCP) && diag_dump(nl, g, AF_INET6, IPPROTO_TCP);
	if (ok && udp)
		ok = diag_dump(nl, g, AF_INET, IPPROTO_UDP) && diag_dump(nl, g, AF_INET6, IPPROTO_UDP);
	g->diag_err = ok ? 0 : errno ?: EIO;
	if (nl)
		mnl_socket_close(nl);
}

static int port_cmp(const void *a, const void *b)
{
	const struct listener *x = a, *y = b;

	return x->port != y->port ? x->port - y->port : x->proto - y->proto;
}

/* Listening ports in [min, max], moved to the front of g->ports, sorted. */
static unsigned int ports_in(struct guard *g, unsigned int min, unsigned int max)
{
	unsigned int i, n = 0;
	struct listener t;

	for (i = 0; i < g->nr_ports; i++) {
		if (g->ports[i].port < min || g->ports[i].port > max)
			continue;
		t = g->ports[n];
		g->ports[n++] = g->ports[i];
		g->ports[i] = t;
	}
	qsort(g->ports, n, sizeof(g->ports[0]), port_cmp);
	return n;
}

static void print_local(const struct guard *g)
{
	char a[INET_ADDRSTRLEN];
	unsigned int i, shown = g->nr_local < MAX_LOCAL ? g->nr_local : MAX_LOCAL - 1;

	for (i = 0; i < shown; i++) {
		inet_ntop(AF_INET, &g->local[i], a, sizeof(a));
		fprintf(stderr, "%s%s", i == 0 ? "" : i + 1 == g->nr_local ? " and " : ", ", a);
	}
	if (shown < g->nr_local)
		fprintf(stderr, " and %u more", g->nr_local - shown);
	fputs(g->nr_local == 1 ? " is this host's address" : " are this host's addresses",
	      stderr);
}

static void print_ports(const struct guard *g, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && i < SHOW_PORTS; i++)
		fprintf(stderr, "%s%u/%s", i ? ", " : "", g->ports[i].port,
			proto_name(g->ports[i].proto));
	if (n > SHOW_PORTS)
		fprintf(stderr, " and %u more", n - SHOW_PORTS);
}

/* The widest range in [lo, hi] free of listening ports; false if none. */
static bool widest_gap(struct guard *g, unsigned int lo, unsigned int hi,
		       unsigned int *gmin, unsigned int *gmax)
{
	unsigned int n, i, start = lo, best = 0;

	if (lo > hi)
		return false;
	n = ports_in(g, lo, hi);
	for (i = 0; i <= n; i++) {
		unsigned int end = i < n ? g->ports[i].port : hi + 1;

		if (end > start && end - start > best) {
			best = end - start;
			*gmin = start;
			*gmax = end - 1;
		}
		if (i < n && g->ports[i].port + 1u > start)
			start = g->ports[i].port + 1u;
	}
	return best > 0;
}

static void print_cmd(const char *cmd, int argc, char **argv)
{
	int i;

	fprintf(stderr, "nat64ctl: %s", cmd);
	for (i = 0; i < argc; i++)
		fprintf(stderr, " %s", argv[i]);
	fputs(": ", stderr);
}

int pool4_guard(const struct pool4_guard_req *r, int argc, char **argv)
{
	struct guard *g;
	unsigned int lo = 32768, hi = 60999, n, smin = 0, smax = 0;
	bool hit_eph, suggest, tcp = r->proto != IPPROTO_UDP, udp = r->proto != IPPROTO_TCP;
	int ret = EXIT_OK;

	if (r->force || r->proto == IPPROTO_ICMP)
		return EXIT_OK;
	g = calloc(1, sizeof(*g));
	if (!g)
		return EXIT_OK;
	g->p = r->p;
	g->mask = r->p.len ? 0xffffffffu << (32 - r->p.len) : 0;
	if (!find_local(g)) {
		err_msg("warning: cannot list this host's addresses (%s): pool4 safety checks skipped",
			strerror(errno));
		goto out;
	}
	if (!g->nr_local)
		goto out;	/* not this host's address: nothing to take from it */
	if (!ephemeral_range(&lo, &hi))
		err_msg("warning: cannot read net.ipv4.ip_local_port_range; assuming %u-%u", lo, hi);
	find_listeners(g, tcp, udp);
	if (g->diag_err)
		err_msg("warning: cannot list listening sockets (NETLINK_SOCK_DIAG: %s); "
			"only the ephemeral range is checked", strerror(g->diag_err));
	if (!r->has_range) {
		/*
		 * The kernel's default for a host address: above the ephemeral
		 * range, else from 1024 up to it (else it refuses, and says so).
		 */
		smin = hi < 65535 ? hi + 1 : 1024;
		smax = hi < 65535 ? 65535 : lo - 1;
		n = (hi < 65535 || lo > 1024) ? ports_in(g, smin, smax) : 0;
		if (n) {
			print_cmd("warning: pool4 add", argc, argv);
			print_local(g);
			fprintf(stderr, " and the default range %u-%u covers its listening "
				"ports ", smin, smax);
			print_ports(g, n);
			fputs("; give a range that leaves them out\n", stderr);
		}
		goto out;
	}
	hit_eph = r->min <= hi && lo <= r->max;
	if (!hit_eph && !ports_in(g, r->min, r->max))
		goto out;
	/* A range to suggest: above the ephemeral ports first, like the kernel's default. */
	suggest = (hi < 65535 && widest_gap(g, hi + 1, 65535, &smin, &smax)) ||
		  (lo > 1024 && widest_gap(g, 1024, lo - 1, &smin, &smax));
	n = ports_in(g, r->min, r->max);	/* widest_gap reordered them */
	print_cmd("pool4 add", argc, argv);
	print_local(g);
	fputs(" and the range covers its ", stderr);
	if (hit_eph)
		fprintf(stderr, "ephemeral ports %u-%u%s", lo, hi, n ? " and " : "");
	if (n) {
		fputs("listening ports ", stderr);
		print_ports(g, n);
	}
	fputs("; choose a range outside them", stderr);
	if (suggest)
		fprintf(stderr, " (e.g. %u-%u)", smin, smax);
	fputs(" or add \"force\"\n", stderr);
	ret = EXIT_USAGE;
out:
	free(g);
	return ret;
}
