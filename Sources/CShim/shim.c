#include "tcpstate_shim.h"

// The layout is checked at compile time: a wrong copy must not build.
_Static_assert(sizeof(struct tcpstate_tcp_info) == 280, "struct tcp_info is 280 bytes on Linux 6.18");
_Static_assert(__builtin_offsetof(struct tcpstate_tcp_info, tcpi_snd_wnd) == 228, "tcpi_snd_wnd");
_Static_assert(__builtin_offsetof(struct tcpstate_tcp_info, tcpi_pacing_rate) == 104, "tcpi_pacing_rate");
