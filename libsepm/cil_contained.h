/* Compiling untrusted CIL in a child process, with limits.
 *
 * libsepol's CIL compiler has a history of crashes on malformed input and
 * no bound on the work a module can ask of it.  A module's compile runs
 * in a forked child with limits on CPU time, address space and the size of
 * what it sends back; the child returns the compiled policy in its binary
 * form.  A crash, a hang or a limit hit is a result (the module is
 * rejected), never a crash or a hang of sepm. */
#ifndef SEPM_CIL_CONTAINED_H
#define SEPM_CIL_CONTAINED_H

#include "cil_compile.h"
#include "error.h"

struct sepm_compile_limits
{
  unsigned cpu_seconds;         /* RLIMIT_CPU; wall-clock is twice this, plus 5 s */
  unsigned long memory_mib;     /* RLIMIT_AS */
  unsigned long output_mib;     /* the result the child may send back */
};

/* The defaults, or $SEPM_COMPILE_CPU_SECONDS, $SEPM_COMPILE_MEMORY_MIB
 * and $SEPM_COMPILE_OUTPUT_MIB where set (docs/security.md). */
struct sepm_compile_limits sepm_compile_limits_default (void);

/* As sepm_cil_compile(), in a child under LIMITS.  Returns 0 when a
 * policy was built, 1 when the compiler refused the input, 2 when the
 * child crashed, hung or hit a limit (*WHY says which; free it), and -1
 * with *err set when sepm itself failed. */
int sepm_cil_contained_compile (const struct sepm_cil_source *sources, size_t n_sources,
                                const struct sepm_cil_options *options,
                                const struct sepm_compile_limits *limits,
                                struct sepm_cil_result *out, char **why, sepm_error_t *err);

#endif
