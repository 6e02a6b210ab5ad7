/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark's TCP tools (crr.c, hold.c) share: the one server address they
 * talk to or listen on, and a monotonic clock.
 */
#ifndef BENCH_SOCKADDR_H
#define BENCH_SOCKADDR_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static struct sockaddr_storage addr;
static socklen_t addr_len;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ADDR (IPv4 or IPv6) and PORT into addr/addr_len; prog names the tool in the error. */
static int parse_addr(const char *prog, const char *s, const char *port)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;

	memset(&addr, 0, sizeof(addr));
	if (inet_pton(AF_INET, s, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(atoi(port));
		addr_len = sizeof(*a4);
		return 0;
	}
	if (inet_pton(AF_INET6, s, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(atoi(port));
		addr_len = sizeof(*a6);
		return 0;
	}
	fprintf(stderr, "%s: bad address %s\n", prog, s);
	return -1;
}

#endif
