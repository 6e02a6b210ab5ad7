# SPDX-License-Identifier: GPL-2.0
"""The scapy the selftests use: IPv4/IPv6 and their transports, send and sniff.

scapy.all loads every protocol scapy knows (Kerberos, TLS, DNS...): under the test VM's
software emulation that import takes 6-8 s, and the selftests start scapy dozens of times.
These layers alone take less than half of it. Use: from scapy_ip import IP, TCP, ...
"""
# pylint: disable=unused-import,wildcard-import,unused-wildcard-import
from scapy.config import conf  # noqa: F401
from scapy.compat import raw  # noqa: F401
from scapy.packet import Packet, Raw, Padding  # noqa: F401
from scapy.layers.l2 import Ether  # noqa: F401
from scapy.layers.inet import *  # noqa: F401,F403
from scapy.layers.inet6 import *  # noqa: F401,F403
from scapy.sendrecv import AsyncSniffer, send, sendp, sniff  # noqa: F401
from scapy.utils import rdpcap, wrpcap  # noqa: F401

conf.verb = 0
