/* fuzz_extract_ae.c - libFuzzer harness for the four Acting Early loaders (src/extract_ae.c).
 * The first byte's low two bits pick the kind (kpis, maturity, survey, outcomes); the rest is
 * the extract. */
#include "fuzz_extract.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_extract(fuzz_ae_sources[data[0] & 3], false, data + 1, size - 1);
    return 0;
}
