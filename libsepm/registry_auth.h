/* A registry's authentication: its challenge, the token flow of the
 * distribution spec, and where the credentials come from.  Tokens and
 * passwords never go into an error message. */
#ifndef SEPM_REGISTRY_AUTH_H
#define SEPM_REGISTRY_AUTH_H

#include <stddef.h>

#include "error.h"

/* `WWW-Authenticate: Bearer realm="...",service="...",scope="..."`, or
 * `Basic realm="..."`. */
struct sepm_challenge
{
  enum { SEPM_CHALLENGE_BASIC = 1, SEPM_CHALLENGE_BEARER } scheme;
  char *realm, *service, *scope;
};
int sepm_challenge_parse (const char *header, struct sepm_challenge *out, sepm_error_t *err);
void sepm_challenge_release (struct sepm_challenge *c);

/* A token endpoint's JSON reply: `token`, or `access_token`. */
int sepm_registry_auth_token_parse (const char *body, size_t len, char **token, sepm_error_t *err);

/* Where credentials come from, in containers-auth.json(5)'s order. */
struct sepm_registry_credentials_source
{
  const char *creds;            /* --creds USER[:PASS] */
  const char *authfile;         /* --authfile, or NULL: REGISTRY_AUTH_FILE, then the defaults */
};

/* The credentials for REPO on HOST: USER and PASS, or both NULL when
 * none are known (anonymous).  FROM says where they were found (for
 * messages: never the secret). */
int sepm_registry_auth_credentials (const struct sepm_registry_credentials_source *src, const char *host,
                                    const char *repo, char **user, char **pass, char **from, sepm_error_t *err);

/* BASE64(USER:PASS) into USER and PASS; -1 when it is not that. */
int sepm_registry_auth_basic_decode (const char *b64, char **user, char **pass);

/* "Basic BASE64(USER:PASS)" */
char *sepm_registry_auth_basic (const char *user, const char *pass);

#endif
