// zlib (Debian: zlib1g-dev), used to read gzipped IDX files.
#include <zlib.h>

// A read prefetch hint for LatentData's batch assembly (random rows of a large byte array); Swift has no
// prefetch of its own. Kept here because LatentData already imports this module.
static inline void latent_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
