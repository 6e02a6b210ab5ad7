// SPDX-License-Identifier: GPL-2.0
/*
 * synrate: TCP connection setups per second through a gateway, for the newconns
 * workload of `make bench`.
 *
 *   synrate IFNAME GW_MAC SRC6 DST6 DPORT COUNT WINDOW SPORT
 *
 * Sends COUNT IPv6 TCP SYNs (the options a Linux client puts on one) from SRC6, source
 * ports SPORT, SPORT + 1, ..., to DST6 port DPORT via the gateway's MAC, from a packet
 * socket, and counts the SYN-ACKs that come back. At most WINDOW SYNs are unanswered at
 * a time: the gateway's receive backlog never overflows, so no SYN-ACK is lost behind
 * SYNs and the rate is what the gateway (or the server) can do. Nothing is kept per
 * connection here and no socket stack runs at the client: what the caller drops at the
 * client's ingress (tc) is already seen by this tool's tap (packet taps run first).
 *
 * Prints one line: "sent N answered A lost L usec U busy B0,B1,..." (U: first SYN to
 * last SYN-ACK; Bn: the seconds CPU n was not idle meanwhile, from /proc/stat, so the
 * caller sees which CPU was the limit). SYNs unanswered for IDLE_MS are counted lost and
 * their window slots reused; when the last ones are, the busy time runs to the end of
 * that wait (the CPUs idle then), the rate's time to the last SYN-ACK.
 */
#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define MAX_CPUS	64
#define IDLE_MS		500
#define ETH_LEN		14
#define IP6_LEN		40
#define TCP_LEN		40	/* 20 + MSS, SACK permitted, timestamps, NOP, window scale */
#define FRAME_LEN	(ETH_LEN + IP6_LEN + TCP_LEN)
#define OFF_IP6		ETH_LEN
#define OFF_TCP		(ETH_LEN + IP6_LEN)

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

static uint8_t frames[BATCH][FRAME_LEN];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/*
 * Idle and iowait time of each CPU in clock ticks; returns the number of CPUs read. The
 * kernel measures idle time exactly (nohz) while it samples busy time at each tick: a
 * CPU's busy time over a window under a second is the elapsed time minus its idle time.
 */
static int cpu_idle(unsigned long long idle[])
{
	unsigned long long v[5];
	char line[512];
	FILE *f = fopen("/proc/stat", "r");
	int n = 0, cpu;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f) && n < MAX_CPUS) {
		if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu", &cpu, &v[0], &v[1], &v[2],
			   &v[3], &v[4]) != 6 || cpu != n)
			continue;
		idle[n++] = v[3] + v[4];
	}
	fclose(f);
	return n;
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	for (; len > 1; p += 2, len -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (len)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* The frame's constant part: Ethernet, IPv6 and the SYN's options. */
static void frame_template(uint8_t *f, const uint8_t *gw, const uint8_t *me,
			   const struct in6_addr *src, const struct in6_addr *dst, uint16_t dport)
{
	static const uint8_t opts[] = {
		2, 4, 0x05, 0xa0,		/* MSS 1440 */
		4, 2,				/* SACK permitted */
		8, 10, 0, 0, 0, 1, 0, 0, 0, 0,	/* timestamps: value 1, echo 0 */
		1,				/* NOP */
		3, 3, 7,			/* window scale 7 */
	};
	uint8_t *ip = f + OFF_IP6, *th = f + OFF_TCP;

	memset(f, 0, FRAME_LEN);
	memcpy(f, gw, 6);
	memcpy(f + 6, me, 6);
	put16(f + 12, ETH_P_IPV6);
	ip[0] = 0x60;
	put16(ip + 4, TCP_LEN);
	ip[6] = IPPROTO_TCP;
	ip[7] = 64;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	put16(th + 2, dport);
	th[12] = (TCP_LEN / 4) << 4;
	th[13] = 0x02;			/* SYN */
	put16(th + 14, 64800);
	memcpy(th + 20, opts, sizeof(opts));
}

/* Source port and sequence number into a templated frame, and its TCP checksum. */
static void frame_fill(uint8_t *f, uint16_t sport)
{
	uint8_t *th = f + OFF_TCP;
	uint32_t s;

	put16(th, sport);
	put32(th + 4, sport * 2654435761u);
	put16(th + 16, 0);
	/* Pseudo-header: both addresses, upper-layer length, next header. */
	s = sum16(f + OFF_IP6 + 8, 32, 0) + TCP_LEN + IPPROTO_TCP;
	put16(th + 16, fold(sum16(th, TCP_LEN, s)));
}

/*
 * A packet socket bound to the interface. rx: every frame (ETH_P_ALL taps run before tc
 * ingress) filtered to SYN-ACKs; tx: protocol 0, receives nothing.
 */
static int packet_socket(int ifindex, int rx)
{
	/* IPv6, next header TCP, SYN and ACK set (no extension headers: the gateway's). */
	static struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_IP6 + 6),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_TCP + 13),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x12, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, OFF_TCP + 4),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex };
	int fd, one = 1, buf = 4 << 20;

	/* Protocol 0 receives nothing until bind(): no frame gets in before the filter. */
	sll.sll_protocol = rx ? htons(ETH_P_ALL) : 0;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		die("socket");
	if (rx && (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) ||
		   setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) ||
		   setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf))))
		die("setsockopt");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	return fd;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3],
		      &mac[4], &mac[5]) == 6 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static uint8_t rbuf[BATCH][OFF_TCP + 4];
	struct mmsghdr tx[BATCH], rx[BATCH];
	struct iovec tiov[BATCH], riov[BATCH];
	struct in6_addr src, dst;
	struct ifreq ifr = { 0 };
	uint8_t gw[6], me[6];
	long count, window, sent = 0, answered = 0, lost = 0, out = 0;
	unsigned int sport, dport, p;
	unsigned long long i0[MAX_CPUS], i1[MAX_CPUS];
	int ncpu0, ncpu1 = 0;
	double t0, t_last, t_ans = 0, t_cpu = 0, hz = sysconf(_SC_CLK_TCK);
	int txfd, rxfd, ifindex, i, n, mine;
	struct pollfd pfd;

	if (argc != 9 || parse_mac(argv[2], gw) || inet_pton(AF_INET6, argv[3], &src) != 1 ||
	    inet_pton(AF_INET6, argv[4], &dst) != 1) {
		fprintf(stderr, "usage: synrate IFNAME GW_MAC SRC6 DST6 DPORT COUNT WINDOW SPORT\n");
		return 2;
	}
	dport = atoi(argv[5]);
	count = atol(argv[6]);
	window = atol(argv[7]);
	sport = atoi(argv[8]);
	if (!dport || dport > 65535 || count < 1 || window < 1 || !sport ||
	    sport + count - 1 > 65535) {
		fprintf(stderr, "synrate: DPORT, COUNT, WINDOW or SPORT out of range\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex)
		die(argv[1]);
	txfd = packet_socket(ifindex, 0);
	rxfd = packet_socket(ifindex, 1);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
	if (ioctl(txfd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	memcpy(me, ifr.ifr_hwaddr.sa_data, 6);

	for (i = 0; i < BATCH; i++) {
		frame_template(frames[i], gw, me, &src, &dst, dport);
		tiov[i] = (struct iovec){ frames[i], FRAME_LEN };
		riov[i] = (struct iovec){ rbuf[i], sizeof(rbuf[i]) };
	}
	pfd = (struct pollfd){ .fd = rxfd, .events = POLLIN };
	ncpu0 = cpu_idle(i0);
	t0 = t_last = now();
	while (sent < count || out > 0) {
		n = 0;
		while (n < BATCH && sent + n < count && out + n < window) {
			frame_fill(frames[n], sport + sent + n);
			memset(&tx[n], 0, sizeof(tx[n]));
			tx[n].msg_hdr.msg_iov = &tiov[n];
			tx[n].msg_hdr.msg_iovlen = 1;
			n++;
		}
		if (n) {
			n = sendmmsg(txfd, tx, n, 0);
			if (n < 0 && errno != ENOBUFS && errno != EAGAIN)
				die("sendmmsg");
			if (n > 0) {
				sent += n;
				out += n;
			}
		}
		if (poll(&pfd, 1, out < window && sent < count ? 0 : 10) < 0 && errno != EINTR)
			die("poll");
		for (;;) {
			for (i = 0; i < BATCH; i++) {
				memset(&rx[i], 0, sizeof(rx[i]));
				rx[i].msg_hdr.msg_iov = &riov[i];
				rx[i].msg_hdr.msg_iovlen = 1;
			}
			n = recvmmsg(rxfd, rx, BATCH, MSG_DONTWAIT, NULL);
			if (n <= 0)
				break;
			mine = 0;
			for (i = 0; i < n; i++) {
				/* Ours: to a source port this run used. */
				p = rbuf[i][OFF_TCP + 2] << 8 | rbuf[i][OFF_TCP + 3];
				if (rx[i].msg_len < OFF_TCP + 4 || p < sport || p >= sport + sent)
					continue;
				answered++;
				if (out > 0)
					out--;
				mine = 1;
			}
			if (!mine)
				continue;
			t_ans = t_last = now();
			if (sent >= count && !out) {
				ncpu1 = cpu_idle(i1);
				t_cpu = now();
			}
		}
		if (out > 0 && (out >= window || sent >= count) && now() - t_last > IDLE_MS / 1e3) {
			/* Nothing for a while: what is outstanding is lost. */
			lost += out;
			out = 0;
			t_last = now();
		}
	}
	if (!ncpu1) {	/* ended by a loss: the busy time runs to now */
		ncpu1 = cpu_idle(i1);
		t_cpu = now();
	}
	printf("sent %ld answered %ld lost %ld usec %.0f busy ", sent, answered, lost,
	       answered ? (t_ans - t0) * 1e6 : 0);
	for (i = 0; i < ncpu0 && i < ncpu1; i++) {
		double b = (t_cpu - t0) - (i1[i] - i0[i]) / hz;

		printf("%s%.4f", i ? "," : "", b < 0 ? 0 : b);
	}
	printf("\n");
	return 0;
}
