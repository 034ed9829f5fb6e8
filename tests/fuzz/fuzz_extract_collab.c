/* fuzz_extract_collab.c - libFuzzer harness for the four collaborative loaders
 * (src/extract_collab.c). The first byte's low two bits pick the kind (teams, assessments,
 * attendance, pdsa); its top bit loads a fixed teams file first, so rows naming a team are
 * checked against it. The rest is the extract. */
#include "fuzz_extract.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_extract(fuzz_collab_sources[data[0] & 3], (data[0] & 0x80) != 0, data + 1, size - 1);
    return 0;
}
