/* fuzz_template.c - libFuzzer harness for the report-template parser (src/template.c:
 * template_load, then template_check_pack against each pack). The first byte's low bit says
 * whether a configuration is given, so indicator ids are checked too; the rest is the
 * template file. */
#include "fuzz_util.h"

#include "config.h"
#include "template.h"

#include <stdio.h>
#include <stdlib.h>

/* A configuration with a maternity count, a maternity rate and an Acting Early KPI, in two
 * packs, so the sections' indicator, breakdown and source checks all have something to find. */
static const char config_fmt[] =
    "organisation = \"Fuzz Trust\";\n"
    "sources = {\n"
    "  maternity = { file = \"%1$s\"; };\n"
    "  ae_kpis = { file = \"%1$s\"; };\n"
    "  ae_maturity = { file = \"%1$s\"; };\n"
    "  collab_pdsa = { file = \"%1$s\"; };\n"
    "};\n"
    "indicators = {\n"
    "  stillbirths = { title = \"Stillbirths\"; source = \"maternity\"; numerator = "
    "\"stillbirths\"; direction = \"down\"; breakdown = \"site\"; };\n"
    "  stillbirth_rate = { title = \"Stillbirth rate\"; source = \"maternity\"; numerator = "
    "\"stillbirths\"; denominator = \"total_births\"; multiplier = 1000; target = 3.5; "
    "direction = \"down\"; };\n"
    "  early_booking = { title = \"Early booking\"; source = \"ae_kpis\"; kpi = \"Early "
    "booking\"; numerator = \"numerator\"; denominator = \"denominator\"; multiplier = 100; "
    "unit = \"%%\"; direction = \"up\"; target = 90; };\n"
    "};\n"
    "packs = {\n"
    "  maternity-board = { title = \"Board\"; audience = \"internal\"; sources = "
    "[\"maternity\"]; indicators = [\"stillbirths\", \"stillbirth_rate\"]; };\n"
    "  acting-early = { title = \"Acting Early\"; audience = \"external\"; split = \"team\"; "
    "sources = [\"ae_kpis\", \"ae_maturity\", \"collab_pdsa\"]; indicators = "
    "[\"early_booking\"]; };\n"
    "};\n";

static bp_config *cfg; /* loaded on the first input, kept for the process */

static void load_config(void)
{
    char text[4096];
    if (snprintf(text, sizeof(text), config_fmt, fuzz_path("unused.csv")) >= (int)sizeof(text))
        abort();
    const char *path = fuzz_path("template-config.cfg");
    fuzz_write_text(path, text);
    bp_errors errs;
    bp_errors_init(&errs);
    cfg = config_load(path, &errs);
    bp_errors_free(&errs);
    if (!cfg)
        abort(); /* the harness's own configuration must be valid */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!cfg)
        load_config();
    const bp_config *with = (data[0] & 1) ? cfg : NULL;
    const char *path = fuzz_path("template.cfg");
    fuzz_write(path, data + 1, size - 1);
    bp_errors errs;
    bp_errors_init(&errs);
    tpl_template *t = template_load(path, with, &errs);
    if (!t && errs.worst == BP_OK)
        abort(); /* template.h: NULL only with an error said */
    if (t && with)
        for (size_t i = 0; i < cfg->npacks; i++)
            template_check_pack(t, cfg, &cfg->packs[i], &errs);
    template_free(t);
    bp_errors_free(&errs);
    return 0;
}
