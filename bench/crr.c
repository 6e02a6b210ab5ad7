// SPDX-License-Identifier: GPL-2.0
/*
 * crr: TCP connect/request/response/close rate, for `make bench`.
 *
 *   crr server ADDR PORT [THREADS]      accept, read a request, answer, close (server first)
 *   crr client ADDR PORT SECONDS [THREADS]
 *       each thread loops: connect, send 64 bytes, read the 64-byte answer and the EOF,
 *       close. Prints one line: "conns N seconds S rate R errors E".
 *
 * The server closes first so TIME_WAIT stays on the server and the client never runs out
 * of ports. ADDR may be IPv4 or IPv6. A C tool because a Python loop would be slower than
 * the gateway under TCG and measure itself.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sockaddr.h"

#define MSG_LEN 64

static int listen_fd;
static double deadline;
static atomic_long conns, errors;

static int read_full(int fd, char *buf, int len)
{
	int got = 0, n;

	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

static void *serve(void *arg)
{
	char buf[MSG_LEN];
	int fd;

	(void)arg;
	for (;;) {
		fd = accept(listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		if (read_full(fd, buf, MSG_LEN) == 0)
			(void)!write(fd, buf, MSG_LEN);
		close(fd);
	}
	return NULL;
}

static void *client(void *arg)
{
	char buf[MSG_LEN] = "crr", eof;
	int fd, one = 1;

	(void)arg;
	while (now() < deadline) {
		fd = socket(addr.ss_family, SOCK_STREAM, 0);
		if (fd < 0) {
			atomic_fetch_add(&errors, 1);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(fd, (struct sockaddr *)&addr, addr_len) == 0 &&
		    write(fd, buf, MSG_LEN) == MSG_LEN && read_full(fd, buf, MSG_LEN) == 0 &&
		    read(fd, &eof, 1) == 0)
			atomic_fetch_add(&conns, 1);
		else
			atomic_fetch_add(&errors, 1);
		close(fd);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[64];
	int i, n, one = 1;
	double secs, t0;

	if (argc >= 4 && !strcmp(argv[1], "server")) {
		if (parse_addr("crr", argv[2], argv[3]))
			return 2;
		n = argc > 4 ? atoi(argv[4]) : 2;
		listen_fd = socket(addr.ss_family, SOCK_STREAM, 0);
		setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(listen_fd, (struct sockaddr *)&addr, addr_len) || listen(listen_fd, 4096)) {
			perror("crr: bind/listen");
			return 1;
		}
		for (i = 1; i < n && i < 64; i++)
			pthread_create(&th[i], NULL, serve, NULL);
		serve(NULL);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "client")) {
		if (parse_addr("crr", argv[2], argv[3]))
			return 2;
		secs = atof(argv[4]);
		n = argc > 5 ? atoi(argv[5]) : 4;
		if (n < 1 || n > 64)
			n = 4;
		t0 = now();
		deadline = t0 + secs;
		for (i = 0; i < n; i++)
			pthread_create(&th[i], NULL, client, NULL);
		for (i = 0; i < n; i++)
			pthread_join(th[i], NULL);
		secs = now() - t0;
		printf("conns %ld seconds %.3f rate %.1f errors %ld\n", atomic_load(&conns), secs,
		       atomic_load(&conns) / secs, atomic_load(&errors));
		return atomic_load(&conns) ? 0 : 1;
	}
	fprintf(stderr, "usage: crr server ADDR PORT [THREADS] | crr client ADDR PORT SECS [THREADS]\n");
	return 2;
}
