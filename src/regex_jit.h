/* regex_jit.h - PCRE2's JIT for every compiled pattern, except under valgrind: JIT code runs
 * from memory valgrind cannot see into, so every match would be a false report, and the
 * valgrind check of the demo run (tests/e2e/valgrind_demo.sh) would prove nothing. */
#ifndef BP_REGEX_JIT_H
#define BP_REGEX_JIT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* Without JIT pcre2_match interprets the pattern: the same matches, only slower. */
static inline void bp_regex_jit(pcre2_code *re)
{
    if (!RUNNING_ON_VALGRIND)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

#endif
