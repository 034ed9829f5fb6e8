/* fuzz_util.h - what every fuzz harness shares: a private scratch directory made once per
 * process (the loaders read paths, not buffers), writing an input there, and the libFuzzer entry
 * point's prototype, so the harnesses also build as plain programs with gcc -Werror. */
#ifndef BP_FUZZ_UTIL_H
#define BP_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer calls this once per input; tests/fuzz/replay_main.c calls it once per file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LeakSanitizer's built-in suppressions (it looks this name up): only libconfig 1.5's leak of
 * the string it was reading when a syntax error stops the parse (Debian 12's libconfig9; a
 * plain config_read_file of `a "x";` shows it), which no caller can free. */
const char *__lsan_default_suppressions(void);

/* DIR/name in the process's scratch directory (under /dev/shm when it is writable, else
 * $TMPDIR or /tmp), created on first use and removed with its files at exit. The string lives
 * until exit; the same name always gives the same path, so each input overwrites the last. */
const char *fuzz_path(const char *name);

/* Write size bytes to path, replacing it. Aborts when that fails: the harness cannot go on,
 * and that is the environment's fault, not the input's. */
void fuzz_write(const char *path, const void *data, size_t size);

/* Write a NUL-terminated text to path (for the configurations harnesses build once). */
void fuzz_write_text(const char *path, const char *text);

#endif
