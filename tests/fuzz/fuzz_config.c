/* fuzz_config.c - libFuzzer harness for the configuration loader (src/config.c: libconfig
 * parsing, @include expansion, the schema walk and cross-references). The input is the main
 * configuration file, written to the same scratch path each time; config_load reads a path. */
#include "fuzz_util.h"

#include "config.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path("fuzz.cfg");
    fuzz_write(path, data, size);
    bp_errors errs;
    bp_errors_init(&errs);
    bp_config *cfg = config_load(path, &errs);
    /* config.h: NULL exactly when some error was reported. */
    if (!cfg && errs.worst == BP_OK)
        abort();
    config_free(cfg);
    bp_errors_free(&errs);
    return 0;
}
