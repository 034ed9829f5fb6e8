/* fuzz_extract_maternity.c - libFuzzer harness for the maternity loader (src/extract_maternity.c
 * through extract.c's header mapping and row checks). The first byte picks the source's
 * period_format, one of five; the rest is the extract. */
#include "fuzz_extract.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_extract(fuzz_maternity_sources[data[0] % 5], false, data + 1, size - 1);
    return 0;
}
