#ifndef TCPSTATE_CNCURSES_SHIM_H
#define TCPSTATE_CNCURSES_SHIM_H
// ncurses (Debian's libncurses-dev, the wide-character build) for `tcpstate top`,
// plus what Swift cannot import: the attribute and colour-pair macros, and a
// signal flag that an async-signal-safe handler may set. Only TCPStateTerminal
// imports this module, so the static flag below exists exactly once.
#include <ncurses.h>
#include <signal.h>
#include <string.h>

static inline int tcpstate_attr_bold(void) { return A_BOLD; }
static inline int tcpstate_attr_reverse(void) { return A_REVERSE; }
static inline int tcpstate_attr_dim(void) { return A_DIM; }
static inline int tcpstate_attr_underline(void) { return A_UNDERLINE; }
static inline int tcpstate_color_pair(short pair) { return (int)COLOR_PAIR(pair); }

static volatile sig_atomic_t tcpstate_top_caught_signal = 0;

static inline void tcpstate_top_signal_handler(int signal_number) { tcpstate_top_caught_signal = signal_number; }

// SIGINT, SIGTERM and SIGHUP only set the flag; without SA_RESTART the
// blocking getch() returns at once, and the loop restores the terminal.
static inline void tcpstate_top_catch_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = tcpstate_top_signal_handler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
}

static inline int tcpstate_top_signal(void) { return tcpstate_top_caught_signal; }
#endif
