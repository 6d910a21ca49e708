/* The files behind sepm-verify --serve: one per scan (jobs/ID.json: its
 * state, the artifact, and the report or the error) and one per verified
 * manifest digest under one policy (results/), which answers a rescan.
 * Each is written whole and renamed into place, by the server or by a
 * worker, so a reader sees the old state or the new one.  Registry
 * credentials are never written. */
#ifndef SEPM_SERVE_STORE_H
#define SEPM_SERVE_STORE_H

#include <jansson.h>

#include "error.h"
#include "scan_request.h"

struct sepm_serve_store
{
  char *jobs, *results;
  char *policy_key;             /* which policy the results were proven against */
};

int sepm_serve_store_open (struct sepm_serve_store *s, const char *dir, const char *policy_key, sepm_error_t *err);
void sepm_serve_store_close (struct sepm_serve_store *s);

/* 32 random hex digits: a scan's id. */
void sepm_serve_store_new_id (char id[33]);
/* Whether ID has the shape of one (anything else is never a path). */
bool sepm_serve_store_valid_id (const char *id);

/* jobs/ID.json: {"state": "pending"|"done"|"error", "artifact": ...,
 * "report": sepm's report, "message": ..., "generated_at": ...}. */
json_t *sepm_serve_store_job (const struct sepm_scan_request *req, const char *state);
int sepm_serve_store_put_job (struct sepm_serve_store *s, const char *id, json_t *job, sepm_error_t *err);
json_t *sepm_serve_store_get_job (struct sepm_serve_store *s, const char *id);

/* The sepm report proven for DIGEST under this policy, or NULL. */
json_t *sepm_serve_store_get_result (struct sepm_serve_store *s, const char *digest);
int sepm_serve_store_put_result (struct sepm_serve_store *s, const char *digest, json_t *report, sepm_error_t *err);

#endif
