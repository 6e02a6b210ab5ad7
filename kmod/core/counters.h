/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every counter the module keeps, in one list. The core returns these as
 * reasons (negated) so that each deliberate drop lands in a named counter;
 * the names are what `nat64ctl -s` and NAT64_CMD_STATS_GET report.
 */
#ifndef NAT64_CORE_COUNTERS_H
#define NAT64_CORE_COUNTERS_H

#define NAT64_COUNTERS(X)						\
	X(RX6,			"rx6")					\
	X(RX4,			"rx4")					\
	X(XLAT_6TO4,		"xlat_6to4")				\
	X(XLAT_4TO6,		"xlat_4to6")				\
	X(XLAT_ICMP_ERR_6TO4,	"xlat_icmp_err_6to4")			\
	X(XLAT_ICMP_ERR_4TO6,	"xlat_icmp_err_4to6")			\
	X(XLAT_FRAG_6TO4,	"xlat_frag_6to4")			\
	X(XLAT_FRAG_4TO6,	"xlat_frag_4to6")			\
	X(XLAT_GSO,		"xlat_gso")				\
	X(FRAGMENTED_4TO6,	"fragmented_4to6")			\
	X(ICMP_REASSEMBLED,	"icmp_reassembled")			\
	X(PASS_NO_MAPPING_SRC,	"pass_no_mapping_src")		\
	X(UDP_CSUM_COMPUTED,	"udp_zero_csum_computed")		\
	X(ICMP_SENT_TIME_EXCEEDED, "icmp_sent_time_exceeded")		\
	X(ICMP_SENT_FRAG_NEEDED,	"icmp_sent_frag_needed")		\
	X(ICMP_SENT_PKT_TOO_BIG,	"icmp_sent_pkt_too_big")		\
	X(ICMP_SENT_PARAM_PROB,	"icmp_sent_param_problem")		\
	X(ICMP_SENT_UNREACH,	"icmp_sent_unreachable")		\
	X(POOL6791_USED,	"pool6791_used")			\
	X(POOL6791_OWN_ADDRESS,	"pool6791_own_address")		\
	X(POOL6791V6_USED,	"pool6791v6_used")			\
	X(EAM_HAIRPIN,		"eam_hairpin")				\
	X(DROP_MALFORMED,	"drop_malformed")			\
	X(DROP_TRUNCATED,	"drop_truncated")			\
	X(DROP_TTL_EXPIRED,	"drop_ttl_expired")			\
	X(DROP_NO_MAPPING_SRC,	"drop_no_mapping_src")			\
	X(DROP_NO_MAPPING_DST,	"drop_no_mapping_dst")			\
	X(DROP_SPECIAL_ADDR,	"drop_special_addr")			\
	X(DROP_DENIED,		"drop_denied")				\
	X(DROP_NOT_GLOBAL,	"drop_wkp_not_global")			\
	X(DROP_UDP_ZERO_CSUM,	"drop_udp_zero_csum")			\
	X(DROP_ICMP_UNTRANSLATABLE, "drop_icmp_untranslatable")		\
	X(DROP_ICMP_ERR_NESTED,	"drop_icmp_error_nested")		\
	X(DROP_ICMP_ERR_BAD_INNER, "drop_icmp_error_bad_inner")		\
	X(DROP_ICMP_FRAGMENTED,	"drop_icmp_fragmented")		\
	X(DROP_NO_POOL6791,	"drop_no_pool6791")			\
	X(DROP_ROUTING_HDR,	"drop_routing_header")			\
	X(DROP_SOURCE_ROUTE,	"drop_source_route")			\
	X(DROP_EXT_HDR,		"drop_ext_header")			\
	X(DROP_FRAG_EXT_HDR,	"drop_frag_ext_header")		\
	X(DROP_FRAG_NEEDED,	"drop_too_big")				\
	X(DROP_NO_ROUTE,	"drop_no_route")			\
	X(DROP_NOMEM,		"drop_nomem")				\
	X(DROP_OUTPUT,		"drop_output")				\
	X(DROP_GSO,		"drop_gso")				\
	X(DROP_CSUM,		"drop_bad_checksum")			\
	/* Stateful NAT64 (kmod/nat/). */				\
	X(BIB_CREATED,		"bib_created")				\
	X(BIB_DELETED,		"bib_deleted")				\
	X(SESSION_CREATED,	"session_created")			\
	X(SESSION_EXPIRED,	"session_expired")			\
	X(HAIRPIN,		"hairpin")				\
	X(HELD_SYN,		"held_syn")				\
	X(HELD_SYN_MATCHED,	"held_syn_matched")			\
	X(HELD_SYN_EXPIRED,	"held_syn_expired")			\
	X(ICMP_SENT_ADMIN_PROHIB, "icmp_sent_admin_prohibited")		\
	X(ICMP_SENT_PORT_UNREACH, "icmp_sent_port_unreachable")		\
	X(DROP_POOL4_EXHAUSTED,	"drop_pool4_exhausted")			\
	X(DROP_BIB_CAP,		"drop_bib_cap")				\
	X(DROP_SESSION_CAP,	"drop_session_cap")			\
	X(DROP_REMOTE6_SHAPES,	"drop_remote6_shapes")			\
	X(DROP_HELD_SYN_CAP,	"drop_held_syn_cap")			\
	X(DROP_NO_BIB,		"drop_no_bib")				\
	X(DROP_FILTERED,	"drop_filtered")			\
	X(DROP_PEER_NOT_ALLOWED, "drop_peer_not_allowed")		\
	X(DROP_EXTERNAL_TCP,	"drop_external_tcp")			\
	X(DROP_TCP_NO_SESSION,	"drop_tcp_no_session")			\
	X(DROP_ICMP_ERR_NO_SESSION, "drop_icmp_err_no_session")		\
	X(DROP_STATEFUL_FRAG,	"drop_stateful_fragment")		\
	X(STATEFUL_REASSEMBLED,	"stateful_reassembled")			\
	X(DROP_STATEFUL_PROTO,	"drop_stateful_proto")			\
	/* TCP state in the packet (kmod/opt/). */			\
	X(OPT_SEALED,		"opt_sealed")				\
	X(OPT_OPENED,		"opt_opened")				\
	X(OPT_OPENED_SECONDARY,	"opt_opened_secondary")			\
	X(OPT_NEUTRALISED,	"opt_neutralised")			\
	X(OPT_FALLBACK_STATEFUL, "opt_fallback_stateful")		\
	X(OPT_TS_STRIPPED,	"opt_ts_stripped")			\
	X(OPT_SACK_TRIMMED,	"opt_sack_trimmed")			\
	X(OPT_ICMP_ERR,		"opt_icmp_err_4to6")			\
	X(DROP_OPT_MISSING,	"drop_opt_missing")			\
	X(DROP_OPT_FORGED,	"drop_opt_forged")			\
	X(DROP_OPT_MALFORMED,	"drop_opt_malformed")			\
	X(DROP_OPT_QUOTE_SHORT,	"drop_opt_quote_short")			\
	X(DROP_OPT_FRAG,	"drop_opt_fragment")			\
	X(HOST_OPT_STRIPPED,	"host_opt_stripped")			\
	X(HOST_OPT_ADDED,	"host_opt_added")			\
	X(HOST_FLOWS_CREATED,	"host_flows_created")			\
	X(HOST_FLOWS_EXPIRED,	"host_flows_expired")			\
	X(HOST_COLLISION_RST,	"host_collision_rst")			\
	X(DROP_HOST_CAP,	"drop_host_cap")			\
	X(DROP_OPT_NOSPACE,	"drop_opt_nospace")			\
	X(OPT_ICMP_ERR_6TO4,	"opt_icmp_err_6to4")			\
	X(HOST_ICMP_MTU_ADJUSTED, "host_icmp_mtu_adjusted")

enum nat64_counter {
#define NAT64_X_ENUM(id, name) NAT64_C_##id,
	NAT64_COUNTERS(NAT64_X_ENUM)
#undef NAT64_X_ENUM
	NAT64_C_MAX,
};

extern const char *const nat64_counter_names[NAT64_C_MAX];

#endif /* NAT64_CORE_COUNTERS_H */
