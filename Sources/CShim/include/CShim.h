#include "tcpstate_shim.h"
#include "tcpstate_perf.h"
#include "tcpstate_netns.h"
#include "tcpstate_memory.h"
