#ifndef TCPSTATE_CNCURSES_SHIM_H
#define TCPSTATE_CNCURSES_SHIM_H
// ncurses (Debian's libncurses-dev, the wide-character build) for `tcpstate top`.
//
// The library is not linked: linking it made every run of every subcommand
// load libncursesw and libtinfo (measured: `list` +0.3-0.5 MB RSS). `top`
// opens it with dlopen and calls it through the table below; the headers only
// supply types and constants. Also here, what Swift cannot import: the
// attribute and colour-pair macros. (top's signal flag is CShim's, in a C
// file: a static here had more than one copy in the release build.)
#include <dlfcn.h>
#include <ncurses.h>
#include <signal.h>
#include <string.h>

struct tcpstate_curses {
  SCREEN *(*newterm)(const char *, FILE *, FILE *);
  SCREEN *(*set_term)(SCREEN *);
  void (*delscreen)(SCREEN *);
  int (*endwin)(void);
  int (*cbreak)(void);
  int (*noecho)(void);
  int (*nonl)(void);
  int (*keypad)(WINDOW *, bool);
  int (*curs_set)(int);
  int (*set_escdelay)(int);
  bool (*has_colors)(void);
  int (*start_color)(void);
  int (*use_default_colors)(void);
  int (*init_pair)(short, short, short);
  int (*getmaxx)(const WINDOW *);
  int (*getmaxy)(const WINDOW *);
  void (*wtimeout)(WINDOW *, int);
  int (*wgetch)(WINDOW *);
  int (*werase)(WINDOW *);
  int (*wattr_on)(WINDOW *, attr_t, void *);
  int (*wattr_off)(WINDOW *, attr_t, void *);
  int (*mvwaddnstr)(WINDOW *, int, int, const char *, int);
  int (*wrefresh)(WINDOW *);
  /// The library's `stdscr` variable (set by newterm).
  WINDOW **stdscr;
};

/// Opens libncursesw and fills `table`. Returns NULL on success, else what failed.
static inline const char *tcpstate_curses_load(struct tcpstate_curses *table) {
  void *library = dlopen("libncursesw.so.6", RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) return "cannot open libncursesw.so.6 (install libncursesw6)";
#define TCPSTATE_LOAD(name)                                  \
  *(void **)&table->name = dlsym(library, #name);            \
  if (table->name == NULL) return "libncursesw lacks " #name;
  TCPSTATE_LOAD(newterm)
  TCPSTATE_LOAD(set_term)
  TCPSTATE_LOAD(delscreen)
  TCPSTATE_LOAD(endwin)
  TCPSTATE_LOAD(cbreak)
  TCPSTATE_LOAD(noecho)
  TCPSTATE_LOAD(nonl)
  TCPSTATE_LOAD(keypad)
  TCPSTATE_LOAD(curs_set)
  TCPSTATE_LOAD(set_escdelay)
  TCPSTATE_LOAD(has_colors)
  TCPSTATE_LOAD(start_color)
  TCPSTATE_LOAD(use_default_colors)
  TCPSTATE_LOAD(init_pair)
  TCPSTATE_LOAD(getmaxx)
  TCPSTATE_LOAD(getmaxy)
  TCPSTATE_LOAD(wtimeout)
  TCPSTATE_LOAD(wgetch)
  TCPSTATE_LOAD(werase)
  TCPSTATE_LOAD(wattr_on)
  TCPSTATE_LOAD(wattr_off)
  TCPSTATE_LOAD(mvwaddnstr)
  TCPSTATE_LOAD(wrefresh)
  TCPSTATE_LOAD(stdscr)
#undef TCPSTATE_LOAD
  return NULL;
}

static inline int tcpstate_attr_bold(void) { return A_BOLD; }
static inline int tcpstate_attr_reverse(void) { return A_REVERSE; }
static inline int tcpstate_attr_dim(void) { return A_DIM; }
static inline int tcpstate_attr_underline(void) { return A_UNDERLINE; }
static inline int tcpstate_color_pair(short pair) { return (int)COLOR_PAIR(pair); }

#endif
