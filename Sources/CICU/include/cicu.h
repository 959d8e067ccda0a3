#ifndef CICU_H
#define CICU_H

#include <stdint.h>

// A small C interface to ICU (Debian libicu-dev) for drug-name matching. The header names no ICU type: the
// Swift toolchain's Foundation carries its own copy of ICU's headers (_FoundationICU), and a module that
// exposed both would define UErrorCode twice. ICU is included only in cicu.c.

/// Opens a UTS #39 spoof checker; NULL (with *status set) on failure. Close it with `cicu_spoof_close`.
void *cicu_spoof_open(int32_t *status);
void cicu_spoof_close(void *checker);

/// The confusables skeleton of `text` (UTF-16). Returns its length; when it exceeds `capacity`, *status is
/// `cicu_buffer_overflow()` and nothing is written beyond `capacity`.
int32_t cicu_skeleton(const void *checker, const uint16_t *text, int32_t length, uint16_t *dest, int32_t capacity,
                      int32_t *status);

/// ICU's shared normalisers (owned by ICU, never freed): NFKC_Casefold, NFKC and NFKD.
const void *cicu_nfkc_casefold(int32_t *status);
const void *cicu_nfkc(int32_t *status);
const void *cicu_nfkd(int32_t *status);

int32_t cicu_normalize(const void *normalizer, const uint16_t *text, int32_t length, uint16_t *dest,
                       int32_t capacity, int32_t *status);

/// U_BUFFER_OVERFLOW_ERROR, and whether a status is a success (U_SUCCESS).
int32_t cicu_buffer_overflow(void);
int cicu_success(int32_t status);

/// The Unicode version of ICU's data, as major and minor.
void cicu_unicode_version(uint8_t *major, uint8_t *minor);

#endif
