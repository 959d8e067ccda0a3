#ifndef CICU_SHIM_H
#define CICU_SHIM_H

// ICU renames every C function with its version (uspoof_open → uspoof_open_72) through macros that Swift
// cannot import; these inline wrappers are compiled by clang, which expands the macros.
#include <unicode/uspoof.h>
#include <unicode/unorm2.h>

/// A spoof checker for UTS #39 skeletons (uspoof_getSkeleton); close it with `cicu_spoof_close`.
static inline USpoofChecker *cicu_spoof_open(UErrorCode *status) { return uspoof_open(status); }

static inline void cicu_spoof_close(USpoofChecker *checker) { uspoof_close(checker); }

/// The confusables skeleton of `text` (UTS #39 §4: NFD, map each confusable to its prototype, NFD).
/// Returns the skeleton's length in UTF-16 units; U_BUFFER_OVERFLOW_ERROR when `capacity` is too small.
static inline int32_t cicu_skeleton(
    const USpoofChecker *checker, const UChar *text, int32_t length, UChar *dest, int32_t capacity,
    UErrorCode *status) {
  return uspoof_getSkeleton(checker, 0, text, length, dest, capacity, status);
}

/// Unicode's NFKC_Casefold: NFKC, full case folding and removal of Default_Ignorable_Code_Point
/// characters (soft hyphen, zero-width space and joiners, BOM, variation selectors…). Owned by ICU.
static inline const UNormalizer2 *cicu_nfkc_casefold(UErrorCode *status) {
  return unorm2_getNFKCCasefoldInstance(status);
}

/// Unicode's NFKC, case kept.
static inline const UNormalizer2 *cicu_nfkc(UErrorCode *status) { return unorm2_getNFKCInstance(status); }

/// Unicode's NFKD (compatibility decomposition), for removing accents.
static inline const UNormalizer2 *cicu_nfkd(UErrorCode *status) { return unorm2_getNFKDInstance(status); }

static inline int32_t cicu_normalize(
    const UNormalizer2 *normalizer, const UChar *text, int32_t length, UChar *dest, int32_t capacity,
    UErrorCode *status) {
  return unorm2_normalize(normalizer, text, length, dest, capacity, status);
}

/// The Unicode version of ICU's data (for `taper drugs`: which tables a name was matched with).
static inline void cicu_unicode_version(UVersionInfo version) { u_getUnicodeVersion(version); }

/// U_SUCCESS is a macro.
static inline int cicu_success(UErrorCode status) { return U_SUCCESS(status) ? 1 : 0; }

#endif
