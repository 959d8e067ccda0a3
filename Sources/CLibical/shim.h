#ifndef CLIBICAL_SHIM_H
#define CLIBICAL_SHIM_H

// Include through the libical/ folder: with libical.pc's cflags (-I/usr/include), <ical.h> is not found.
#include <libical/ical.h>

/// `icalerrno` is a macro over `icalerrno_return()`; Swift cannot import it.
/// Returns libical's per-thread error code (set on failure, never cleared by a later success).
static inline icalerrorenum clibical_errno(void) { return icalerrno; }

/// Clears libical's per-thread error code before a checked call (`icalerror_clear_errno` is a function,
/// wrapped here so every errno access goes through the shim).
static inline void clibical_clear_errno(void) { icalerror_clear_errno(); }

#endif
