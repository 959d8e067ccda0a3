#include "cicu.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>

void *cicu_spoof_open(int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  USpoofChecker *checker = uspoof_open(&code);
  *status = (int32_t)code;
  return checker;
}

void cicu_spoof_close(void *checker) { uspoof_close((USpoofChecker *)checker); }

int32_t cicu_skeleton(const void *checker, const uint16_t *text, int32_t length, uint16_t *dest, int32_t capacity,
                      int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t n = uspoof_getSkeleton((const USpoofChecker *)checker, 0, (const UChar *)text, length, (UChar *)dest,
                                 capacity, &code);
  *status = (int32_t)code;
  return n;
}

static const void *instance(const UNormalizer2 *(*get)(UErrorCode *), int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  const UNormalizer2 *n = get(&code);
  *status = (int32_t)code;
  return n;
}

const void *cicu_nfkc_casefold(int32_t *status) { return instance(unorm2_getNFKCCasefoldInstance, status); }
const void *cicu_nfkc(int32_t *status) { return instance(unorm2_getNFKCInstance, status); }
const void *cicu_nfkd(int32_t *status) { return instance(unorm2_getNFKDInstance, status); }

int32_t cicu_normalize(const void *normalizer, const uint16_t *text, int32_t length, uint16_t *dest,
                       int32_t capacity, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  int32_t n = unorm2_normalize((const UNormalizer2 *)normalizer, (const UChar *)text, length, (UChar *)dest,
                               capacity, &code);
  *status = (int32_t)code;
  return n;
}

int32_t cicu_buffer_overflow(void) { return (int32_t)U_BUFFER_OVERFLOW_ERROR; }

int cicu_success(int32_t status) { return U_SUCCESS((UErrorCode)status) ? 1 : 0; }

void cicu_unicode_version(uint8_t *major, uint8_t *minor) {
  UVersionInfo version;
  u_getUnicodeVersion(version);
  *major = version[0];
  *minor = version[1];
}
