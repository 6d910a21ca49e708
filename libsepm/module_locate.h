/* Pointing a finding at the module's text.  The checks work on compiled
 * policy, which has forgotten where a rule came from; this finds the
 * statement most likely to be the one a person must change. */
#ifndef SEPM_MODULE_LOCATE_H
#define SEPM_MODULE_LOCATE_H

#include <stdbool.h>

#include "sexpr.h"

struct sepm_strset;

struct sepm_location
{
  unsigned line;                /* 0: not found */
  char *statement;              /* malloc'd text, NULL when not found */
};

/* Where a module's text is searched, and how its atoms read: a name of
 * the module's own namespace NS (`web.process`) may be written as its
 * last component (`process`); any other name only in full (`.container_t`
 * or `container_t`, `other.process`).  NS NULL: every name in full. */
struct sepm_text
{
  const struct sexpr *tree;
  const char *ns;
  /* Optional: whether attribute ATTR (a full name) holds type NAME in the
   * compiled policy.  With it a name is also mentioned by an attribute
   * that holds it: the compiled rules of a statement written for an
   * attribute name its members. */
  bool (*holds) (const void *arg, const char *attr, const char *name);
  const void *holds_arg;
  /* With HOLDS: whether NAME is a type or attribute of the compiled
   * policy (a class or permission named like a type is not). */
  bool (*is_type) (const void *arg, const char *name);
  /* With HOLDS: whether NAME is an attribute (which no set holds). */
  bool (*is_attribute) (const void *arg, const char *name);
  /* With HOLDS and NS: the attributes the text declares, by full name
   * (sepm_text_declared_attributes); their typeattributeset statements
   * say what they hold where the compiled policy no longer has them. */
  const struct sepm_strset *own_attributes;
  /* With HOLDS: an attribute the statement writes names the types it
   * holds as if they were written out (a search that also asks for the
   * rule's class, where that is the rule's own statement). */
  bool attributes_are_literal;
  /* Optional, with HOLDS_ARG and whatever HOLDS is: whether ALIAS is an
   * alias of type NAME (svirt_lxc_net_t of container_t).  An alias is the
   * type itself, written under another name: a statement that writes it
   * names the type (the long run's seed 2, m09188 beside m09120). */
  bool (*is_alias_of) (const void *arg, const char *alias, const char *name);
};

/* The words of a finding's message, each with a weight: what a candidate
 * statement mentions of them is its score. */
struct sepm_clues
{
  char **words;                 /* NULL-terminated */
  double *weights;
};

bool sepm_text_mentions (const struct sepm_text *t, const char *name);
/* The attributes TREE declares, by full name, NS its namespace. */
struct sepm_strset *sepm_text_declared_attributes (const struct sexpr *tree, const char *ns);

/* Of the statements (searching inside blocks, macros, optionals,
 * conditionals and `in`) whose keyword is one of HEADS (NULL-terminated;
 * NULL: any statement that holds no others) and that mention every name
 * of NAMES, the one with the highest score (the first on a tie); *SCORE
 * is that score, -1 when none matched. */
struct sepm_location sepm_module_locate_best (const struct sepm_text *t, const char *const *heads,
                                       const char *const *names, const struct sepm_clues *clues,
                                       double *score);
void sepm_location_release (struct sepm_location *l);

#endif
