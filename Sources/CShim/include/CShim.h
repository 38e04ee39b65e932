#include "tcpstate_shim.h"
#include "tcpstate_perf.h"
