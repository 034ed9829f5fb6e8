/* test_content.c - the content model (content.h) and its builders (content_build.h): every
 * section type has a builder, cells keep their numbers and suppression, and the blocks of the
 * fixture pack hold the words and numbers the renderers then print. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "content_build.h"
#include "disclosure.h"
#include "packfixture.h"
#include "template.h"

#include <string.h>

static void test_every_section_type_has_a_builder(void **state)
{
    (void)state;
    for (int t = 0; t < SEC__COUNT; t++)
        assert_true(content_build_has(t));
    assert_false(content_build_has(SEC__COUNT));
    assert_false(content_build_has(-1));
}

static void test_cells_keep_value_text_and_suppression(void **state)
{
    (void)state;
    cm_doc *d = cm_doc_new();
    assert_non_null(d);
    cm_section *s = cm_section_add(d, SEC_TEXT, "Numbers");
    cm_table *t = cm_table_new(d, s, 2, 2, "A table", true);
    assert_non_null(t);
    cm_cell_number(d, t, 0, 0, 4.25, 1, "4.3");
    cm_cell_count(d, t, 0, 1, 1234);
    cm_cell_suppressed(t, 1, 0);
    cm_cell_text(d, t, 1, 1, "words");
    const cm_cell *a = cm_cell_at(t, 0, 0), *b = cm_cell_at(t, 0, 1);
    assert_true(a->has_value);
    assert_true(a->value == 4.25);
    assert_string_equal(a->text, "4.3");
    assert_string_equal(b->text, "1234");
    assert_true(b->value == 1234);
    const cm_cell *h = cm_cell_at(t, 1, 0);
    assert_true(h->suppressed);
    assert_false(h->has_value);
    assert_string_equal(h->text, DISCLOSURE_MARK);
    assert_null(cm_cell_at(t, 2, 0));
    assert_null(cm_cell_at(t, 0, 2));
    assert_int_equal(s->nblocks, 1);
    assert_int_equal(s->blocks[0].kind, CM_TABLE);
    assert_false(cm_doc_failed(d));
    cm_doc_free(d);
}

static void test_heading_hints_and_key(void **state)
{
    (void)state;
    cm_doc *d = cm_doc_new();
    cm_section *s = cm_section_add(d, SEC_TEXT, "");
    cm_heading *h = cm_heading_add(d, s, 2, "Part", 3);
    assert_non_null(h);
    h->listed = true;
    cm_key *k = cm_key_add(d, s, "Key to the icons");
    assert_non_null(k);
    k->variations[CHART_VAR_CONCERN_HIGH] = true;
    assert_int_equal(s->nblocks, 2);
    assert_true(s->blocks[0].u.heading.listed);
    assert_int_equal(s->blocks[0].u.heading.keep_rows, 3);
    assert_string_equal(s->blocks[1].u.key.title, "Key to the icons");
    assert_true(s->blocks[1].u.key.variations[CHART_VAR_CONCERN_HIGH]);
    cm_doc_free(d);
}

static const cm_table *first_table(const cm_section *s)
{
    for (size_t i = 0; i < s->nblocks; i++)
        if (s->blocks[i].kind == CM_TABLE)
            return s->blocks[i].u.table;
    return NULL;
}

/* The summary grid: one row per chart, the variation and assurance in words with their icons,
 * and a key listing exactly the icons the rows show. */
static void test_summary_grid_blocks(void **state)
{
    (void)state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    assert_true(packfixture_add_charts(fx));
    assert_true(packfixture_add_summary_grid(fx));
    cm_doc *d = NULL;
    bp_error e;
    bp_error_clear(&e);
    assert_int_equal(content_build(&fx->pack, NULL, &d, &e), BP_OK);
    const pack_section *ps = &fx->pack.sections[0];
    const cm_section *s = cm_doc_section(d, 0);
    assert_int_equal(s->type, SEC_SUMMARY_GRID);
    const cm_table *t = first_table(s);
    assert_non_null(t);
    assert_int_equal(t->ncols, 5);
    assert_int_equal(t->nrows, ps->nrows);
    assert_true(t->row_headers);
    assert_string_equal(t->cols[2].header, "Variation");
    assert_true(t->cols[2].icons);
    bool concern = false;
    for (size_t r = 0; r < t->nrows; r++) {
        assert_string_equal(cm_cell_at(t, r, 0)->text, ps->rows[r].label);
        assert_string_equal(cm_cell_at(t, r, 2)->text, ps->rows[r].variation_text);
        assert_int_equal(cm_cell_at(t, r, 2)->icon.kind, CM_ICON_VARIATION);
        assert_int_equal(cm_cell_at(t, r, 3)->icon.kind, CM_ICON_ASSURANCE);
        assert_string_equal(cm_cell_at(t, r, 4)->text, ps->rows[r].sentence);
        assert_int_equal(cm_cell_at(t, r, 0)->indent, ps->rows[r].is_breakdown ? 1 : 0);
        concern = concern || cm_cell_at(t, r, 2)->icon.variation == CHART_VAR_CONCERN_HIGH;
    }
    assert_true(concern); /* the fixture's "White" breakdown ends above its upper limit */
    const cm_block *last = &s->blocks[s->nblocks - 1];
    assert_int_equal(last->kind, CM_KEY);
    assert_true(last->u.key.variations[CHART_VAR_CONCERN_HIGH]);
    assert_false(last->u.key.variations[CHART_VAR_NONE]);
    assert_false(last->u.key.variations[CHART_VAR_IMPROVEMENT_LOW]);
    cm_doc_free(d);
    packfixture_free_added(fx);
    packfixture_free(fx);
}

/* A pack without sections: each indicator's month table, with its numbers as numbers and a
 * suppressed month hidden in every column that would give its counts away. */
static void test_plain_pack_month_tables(void **state)
{
    (void)state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    size_t n = fx->pack.inds[0].series.n, last = n - 1;
    packfixture_suppress_point(fx, last);
    cm_doc *d = cm_doc_new();
    cm_section *s = cm_section_add(d, SEC_TEXT, "");
    content_build_plain(d, s, &fx->pack);
    assert_false(cm_doc_failed(d));
    assert_int_equal(s->blocks[0].kind, CM_HEADING);
    assert_string_equal(s->blocks[0].u.heading.text, "Monthly indicators");
    size_t tables = 0;
    for (size_t i = 0; i < s->nblocks; i++) {
        if (s->blocks[i].kind != CM_TABLE)
            continue;
        const cm_table *t = s->blocks[i].u.table;
        const pack_indicator *pi = &fx->pack.inds[tables++];
        assert_int_equal(t->nrows, n);
        assert_true(t->caption_shown);
        assert_non_null(strstr(t->caption, "month by month"));
        assert_int_equal(t->cols[2].kind, CM_COL_NUMBER);
        const cm_cell *v = cm_cell_at(t, last, 2);
        assert_true(v->suppressed);
        assert_false(v->has_value);
        assert_string_equal(cm_cell_at(t, last, 1)->text, DISCLOSURE_MARK);
        /* an unsuppressed month with a value keeps it as a number */
        for (size_t r = 0; r < last; r++) {
            const ind_point *pt = &pi->series.pts[r];
            const cm_cell *c = cm_cell_at(t, r, 2);
            assert_int_equal(c->has_value, pt->has_value);
            if (pt->has_value)
                assert_true(c->value == pt->value);
        }
    }
    assert_int_equal(tables, fx->pack.ninds);
    cm_doc_free(d);
    packfixture_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_section_type_has_a_builder),
        cmocka_unit_test(test_cells_keep_value_text_and_suppression),
        cmocka_unit_test(test_heading_hints_and_key),
        cmocka_unit_test(test_summary_grid_blocks),
        cmocka_unit_test(test_plain_pack_month_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
