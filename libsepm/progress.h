/* Progress of long work, for a person watching.  The library never
 * prints: a tool installs a reporter (sepm_cli_progress_init), and the
 * library names each slow step as it starts ("compiling the whole system
 * policy alone, once per policy").  Without a reporter, nothing happens. */
#ifndef SEPM_PROGRESS_H
#define SEPM_PROGRESS_H

typedef void (*sepm_progress_fn) (void *arg, const char *step);

/* Process-wide, like the CLI it serves; NULL turns reporting off. */
void sepm_progress_set (sepm_progress_fn fn, void *arg);
void sepm_progress (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
