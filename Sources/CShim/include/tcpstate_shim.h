#ifndef TCPSTATE_SHIM_H
#define TCPSTATE_SHIM_H

#include <stdint.h>

/// A renamed copy of the kernel's `struct tcp_info` (include/uapi/linux/tcp.h,
/// Linux 6.18, 280 bytes). Debian's headers stop at 232 bytes, and Glibc's
/// <netinet/tcp.h> declares a different `struct tcp_info`, so the two cannot
/// share a module. The layout only ever grows at the end; decoders read the
/// fields that fit in what the kernel actually sent.
struct tcpstate_tcp_info {
  uint8_t tcpi_state;
  uint8_t tcpi_ca_state;
  uint8_t tcpi_retransmits;
  uint8_t tcpi_probes;
  uint8_t tcpi_backoff;
  uint8_t tcpi_options;
  uint8_t tcpi_wscale;     /* snd_wscale:4 (low nibble), rcv_wscale:4 (high nibble) */
  uint8_t tcpi_app_flags;  /* delivery_rate_app_limited:1, fastopen_client_fail:2 */

  uint32_t tcpi_rto;
  uint32_t tcpi_ato;
  uint32_t tcpi_snd_mss;
  uint32_t tcpi_rcv_mss;

  uint32_t tcpi_unacked;
  uint32_t tcpi_sacked;
  uint32_t tcpi_lost;
  uint32_t tcpi_retrans;
  uint32_t tcpi_fackets;

  uint32_t tcpi_last_data_sent;
  uint32_t tcpi_last_ack_sent;
  uint32_t tcpi_last_data_recv;
  uint32_t tcpi_last_ack_recv;

  uint32_t tcpi_pmtu;
  uint32_t tcpi_rcv_ssthresh;
  uint32_t tcpi_rtt;
  uint32_t tcpi_rttvar;
  uint32_t tcpi_snd_ssthresh;
  uint32_t tcpi_snd_cwnd;
  uint32_t tcpi_advmss;
  uint32_t tcpi_reordering;

  uint32_t tcpi_rcv_rtt;
  uint32_t tcpi_rcv_space;

  uint32_t tcpi_total_retrans;

  uint64_t tcpi_pacing_rate;
  uint64_t tcpi_max_pacing_rate;
  uint64_t tcpi_bytes_acked;
  uint64_t tcpi_bytes_received;
  uint32_t tcpi_segs_out;
  uint32_t tcpi_segs_in;

  uint32_t tcpi_notsent_bytes;
  uint32_t tcpi_min_rtt;
  uint32_t tcpi_data_segs_in;
  uint32_t tcpi_data_segs_out;

  uint64_t tcpi_delivery_rate;

  uint64_t tcpi_busy_time;
  uint64_t tcpi_rwnd_limited;
  uint64_t tcpi_sndbuf_limited;

  uint32_t tcpi_delivered;
  uint32_t tcpi_delivered_ce;

  uint64_t tcpi_bytes_sent;
  uint64_t tcpi_bytes_retrans;
  uint32_t tcpi_dsack_dups;
  uint32_t tcpi_reord_seen;

  uint32_t tcpi_rcv_ooopack;

  uint32_t tcpi_snd_wnd;
  uint32_t tcpi_rcv_wnd;

  uint32_t tcpi_rehash;

  uint16_t tcpi_total_rto;
  uint16_t tcpi_total_rto_recoveries;
  uint32_t tcpi_total_rto_time;

  uint32_t tcpi_received_ce;
  uint32_t tcpi_delivered_e1_bytes;
  uint32_t tcpi_delivered_e0_bytes;
  uint32_t tcpi_delivered_ce_bytes;
  uint32_t tcpi_received_e1_bytes;
  uint32_t tcpi_received_e0_bytes;
  uint32_t tcpi_received_ce_bytes;
  uint16_t tcpi_accecn_fail_mode;
  uint16_t tcpi_accecn_opt_seen;
};

#endif
