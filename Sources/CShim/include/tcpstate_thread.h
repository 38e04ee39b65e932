#pragma once

/// The calling thread's id (gettid(2)), which Swift's Glibc module does not import.
int tcpstate_gettid(void);
