// SPDX-License-Identifier: GPL-2.0
/*
 * hold: open N concurrent TCP connections and keep them open, for the memory-per-TCP-flow
 * workload of `make bench`.
 *
 *   hold server ADDR PORT
 *       accept everything; echo what arrives; close when the peer closes. One epoll loop.
 *       Its sockets linger 0 too, so killing it resets what is still open.
 *   hold client ADDR PORT N [PARALLEL]
 *       open N connections, at most PARALLEL (default 64) handshakes in flight; each one
 *       sends one byte and counts once the echo is back (so data crossed both ways).
 *       Prints "held N seconds S failed F" when done, then holds them until stdin reaches
 *       EOF or a line, and exits. Sockets linger 0: the exit resets them (no TIME_WAIT
 *       for 10^4..10^5 sockets to clean up).
 *
 * A bounded window keeps the server's accept and SYN queues short (no SYN cookies, no
 * retransmissions) while the end hosts share one CPU.
 */
#define _GNU_SOURCE	/* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sockaddr.h"

#define EV_BATCH	256
#define STALL_SECS	60	/* give up when nothing progresses this long */


/* Room for n descriptors (root may raise the hard limit up to fs.nr_open). */
static void raise_nofile(long n)
{
	struct rlimit r = { .rlim_cur = n + 64, .rlim_max = n + 64 };

	if (setrlimit(RLIMIT_NOFILE, &r) && !getrlimit(RLIMIT_NOFILE, &r)) {
		r.rlim_cur = r.rlim_max;	/* not root: as far as allowed */
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

static int server(void)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct epoll_event ev, evs[EV_BATCH];
	int lfd, ep, one = 1, i, n, fd;
	char buf[256];

	raise_nofile(1000000);	/* below the default fs.nr_open */
	lfd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&addr, addr_len) || listen(lfd, 4096)) {
		perror("hold: bind/listen");
		return 1;
	}
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	for (;;) {
		n = epoll_wait(ep, evs, EV_BATCH, -1);
		for (i = 0; i < n; i++) {
			fd = evs[i].data.fd;
			if (fd == lfd) {
				while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					/* Killed with N open: reset, no FIN_WAIT orphans. */
					setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
					ev.events = EPOLLIN;
					ev.data.fd = fd;
					epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
				}
				continue;
			}
			int got = read(fd, buf, sizeof(buf));

			if (got > 0)
				(void)!write(fd, buf, got);
			else if (got == 0 || (errno != EAGAIN && errno != EINTR))
				close(fd);	/* also leaves the epoll set */
		}
	}
}

/*
 * Bind fd to the next free local port, in order. Left to connect(), the kernel picks a
 * random port and walks on until one is free for this destination: with tens of
 * thousands of connections to one server that walk grows with every connection (under
 * TCG, 50k connections took more than 15 minutes; 10k took 8 s). With no port left the
 * socket stays unbound and connect() picks one.
 */
static void bind_next_port(int fd)
{
	static unsigned int next = 1024;
	struct sockaddr_storage a;

	for (; next <= 65535; next++) {
		memset(&a, 0, sizeof(a));
		a.ss_family = addr.ss_family;
		if (a.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&a)->sin6_port = htons(next);
		else
			((struct sockaddr_in *)&a)->sin_port = htons(next);
		if (!bind(fd, (struct sockaddr *)&a, addr_len)) {
			next++;
			return;
		}
	}
}

/* Start one non-blocking connect; returns the fd or -1. */
static int start_conn(int ep)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct epoll_event ev;
	int fd;

	fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	bind_next_port(fd);
	if (connect(fd, (struct sockaddr *)&addr, addr_len) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.fd = fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	return fd;
}

static int client(long want, int parallel)
{
	struct epoll_event evs[EV_BATCH], ev;
	long held = 0, failed = 0, started = 0;
	int ep, i, n, fd, inflight = 0, err;
	double t0 = now(), last = t0;
	socklen_t len;
	char c = 'h', line[16];
	unsigned char *sent;

	raise_nofile(want + parallel);
	sent = calloc(want + parallel + 1024, 1);
	ep = epoll_create1(0);
	while (held < want) {
		while (inflight < parallel && started < want + failed && failed <= want) {
			if (start_conn(ep) < 0) {
				failed++;
				continue;
			}
			started++;
			inflight++;
		}
		if (now() - last > STALL_SECS || failed > want)
			break;
		n = epoll_wait(ep, evs, EV_BATCH, 1000);
		for (i = 0; i < n; i++) {
			fd = evs[i].data.fd;
			err = 0;
			len = sizeof(err);
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err || (evs[i].events & (EPOLLERR | EPOLLHUP))) {
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
				inflight--;
				failed++;
				continue;
			}
			if (!sent[fd] && (evs[i].events & EPOLLOUT)) {
				if (write(fd, &c, 1) == 1) {
					sent[fd] = 1;
					ev.events = EPOLLIN;
					ev.data.fd = fd;
					epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
				}
				continue;
			}
			if (evs[i].events & EPOLLIN) {
				char b;

				if (read(fd, &b, 1) == 1) {
					/* Done: out of the set, kept open. */
					epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
					inflight--;
					held++;
					last = now();
				} else if (errno != EAGAIN) {
					epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
					close(fd);
					inflight--;
					failed++;
				}
			}
		}
	}
	printf("held %ld seconds %.3f failed %ld\n", held, now() - t0, failed);
	fflush(stdout);
	/* Hold until told (a line or EOF on stdin); the exit resets every connection. */
	(void)!read(0, line, sizeof(line));
	return held == want ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "server")) {
		if (parse_addr("hold", argv[2], argv[3]))
			return 2;
		return server();
	}
	if (argc >= 5 && !strcmp(argv[1], "client")) {
		long n = atol(argv[4]);
		int par = argc > 5 ? atoi(argv[5]) : 64;

		if (parse_addr("hold", argv[2], argv[3]) || n < 1 || par < 1)
			return 2;
		return client(n, par);
	}
	fprintf(stderr, "usage: hold server ADDR PORT | hold client ADDR PORT N [PARALLEL]\n");
	return 2;
}
