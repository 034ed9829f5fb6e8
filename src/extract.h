/* extract.h - loads the configured extracts into the model. Each loader maps the header by the
 * source's PCRE2 patterns, parses and checks every row by the rules of CONTRACTS.md section 5,
 * keeps every good row, and sends every bad row to the reject list with line, column and reason.
 * A source whose rejected rows exceed its tolerance is marked failed: packs using it are not
 * written. */
#ifndef BP_EXTRACT_H
#define BP_EXTRACT_H

#include "config.h"
#include "error.h"
#include "model.h"
#include "rejects.h"
#include <stdbool.h>

typedef struct {
    long read;      /* data rows read (header excluded) */
    long accepted;
    long rejected;
    bool loaded;    /* the file was read to the end */
    bool failed;    /* unusable: could not be read, a column is missing, or rejects over tolerance */
} extract_stats;

/* Load one source. Each rejected row goes to rejects and, as "FILE:LINE:COL: reason", to errs
 * as an entry with code BP_OK (a notice: the row is refused, the run may still be fine). When
 * the rejected rows exceed max_rejected_percent a BP_EDATA entry says so. Problems that stop the source (file missing: BP_EDATA; a required
 * column not found: BP_ECONFIG naming field and pattern; unterminated quote: BP_EDATA) are
 * appended to errs too. Returns the worst status for this source: BP_OK, BP_EDATA (failed or
 * over tolerance), BP_ECONFIG, or BP_EINTERNAL. Row-level rejections within tolerance return
 * BP_OK. The model's loaded[kind] is set when the file was read. */
bp_status extract_load(const bp_config *cfg, const cfg_source *src, model *m, reject_list *rej,
                       extract_stats *st, bp_errors *errs);

/* Details callers can rely on:
 * - Rejection notices are capped at 1000 per source, followed by one notice "... N more rejected
 *   rows; see rejects.csv"; the reject list always has every row.
 * - A file with a header and no data rows loads (BP_OK) with a notice.
 * - A code seen with a second org_name keeps the first; one notice per code says so.
 * - collab_assessments and collab_pdsa rows must name a team of collab_teams only when
 *   m->loaded[SRC_COLLAB_TEAMS] is set; otherwise their team_ids are interned as they come.
 * - Rows already accepted stay in the model when a source fails part-way. */

/* Load every source of cfg in dependency order (collab_teams before the collaborative files that
 * refer to teams). stats has cfg->nsources entries, in configuration order. Returns the worst
 * status. */
bp_status extract_load_all(const bp_config *cfg, model *m, reject_list *rej, extract_stats *stats,
                           bp_errors *errs);

#endif
