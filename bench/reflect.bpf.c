// SPDX-License-Identifier: GPL-2.0
/*
 * reflect: a tc egress program for the newconns workload of `make bench`. On the
 * gateway's server-side device it answers each TCP SYN to port REFLECT_PORT with a
 * SYN-ACK, at once and in place: addresses, MACs and ports swapped, SYN+ACK, ack = seq + 1,
 * options left as they came (in option mode that includes the sealed option, as the
 * host role would echo it), and sends it back into the same device's ingress. The
 * gateway then sees a server's answer without a server: on a 2-vCPU VM the end hosts'
 * TCP stacks cost more CPU per connection than a fast gateway, so with a real server
 * the gateway can never be the limit. What this costs the gateway's CPU (well under a
 * microsecond) is the same for every subject; plain forwarding's figure includes it.
 *
 * Built with clang -target bpf, no libbpf headers: only the uapi ones.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>

#define SEC(name) __attribute__((section(name), used))
#define REFLECT_PORT 8081
#define ISN_XOR 0x5eed5eedu

/* Helpers by number (uapi enum bpf_func_id). */
static long (*bpf_l4_csum_replace)(struct __sk_buff *skb, __u32 off, __u64 from, __u64 to,
				   __u64 flags) = (void *)BPF_FUNC_l4_csum_replace;
static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)BPF_FUNC_redirect;

static inline __attribute__((always_inline)) __u16 be16(__u16 v) { return __builtin_bswap16(v); }
static inline __attribute__((always_inline)) __u32 be32(__u32 v) { return __builtin_bswap32(v); }

static inline __attribute__((always_inline)) void swap_bytes(__u8 *a, __u8 *b, int n)
{
	__u8 t;
	int i;

#pragma unroll
	for (i = 0; i < n; i++) {
		t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

SEC("tc")
int reflect(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct tcphdr *th;
	__u32 off, seq, oack, nseq, nack;
	__u16 oflags, nflags, port;
	__u8 *src, *dst;
	int alen;

	if ((void *)(eth + 1) > end)
		return TC_ACT_OK;
	if (eth->h_proto == be16(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_TCP || ip->ihl != 5 ||
		    (ip->frag_off & be16(0x3fff)))
			return TC_ACT_OK;
		th = (void *)(ip + 1);
		src = (__u8 *)&ip->saddr;
		dst = (__u8 *)&ip->daddr;
		alen = 4;
		off = sizeof(*eth) + sizeof(*ip);
	} else if (eth->h_proto == be16(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
			return TC_ACT_OK;
		th = (void *)(ip6 + 1);
		src = (__u8 *)&ip6->saddr;
		dst = (__u8 *)&ip6->daddr;
		alen = 16;
		off = sizeof(*eth) + sizeof(*ip6);
	} else {
		return TC_ACT_OK;
	}
	if ((void *)(th + 1) > end || th->dest != be16(REFLECT_PORT) || !th->syn || th->ack ||
	    th->rst)
		return TC_ACT_OK;
	/* A swap leaves the IPv4 header sum and TCP's pseudo-header sum as they are. */
	if (alen == 4)
		swap_bytes(src, dst, 4);
	else
		swap_bytes(src, dst, 16);
	swap_bytes(eth->h_dest, eth->h_source, ETH_ALEN);
	port = th->source;
	th->source = th->dest;
	th->dest = port;
	/* Flags share a 16-bit word with the data offset: the sum changes by that word. */
	oflags = ((__u16 *)th)[6];
	th->ack = 1;
	nflags = ((__u16 *)th)[6];
	seq = th->seq;
	nseq = seq ^ be32(ISN_XOR);
	nack = be32(be32(seq) + 1);
	oack = th->ack_seq;
	th->seq = nseq;
	th->ack_seq = nack;
	/* The helpers handle every checksum state (complete, partial or none). */
	off += __builtin_offsetof(struct tcphdr, check);
	bpf_l4_csum_replace(skb, off, oflags, nflags, sizeof(__u16));
	bpf_l4_csum_replace(skb, off, seq, nseq, sizeof(__u32));
	bpf_l4_csum_replace(skb, off, oack, nack, sizeof(__u32));
	return bpf_redirect(skb->ifindex, BPF_F_INGRESS);
}

char _license[] SEC("license") = "GPL";
