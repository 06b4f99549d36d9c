/*
 * Runs the shared conformance fixtures (tests/conformance/<name>.json) through the C API. The cases are
 * turned into C tables by tests/c/gen_cases.py (target/c-tests/conformance_cases.h); every case of
 * every file is run, and an unknown op or argument fails the case.
 *
 * Each op computes its result as a list of key/value pairs in the fixture's `expect` shape, which
 * must equal the expected object exactly; an error must have the expected code and, when given,
 * the row and field of details.location in shafaf_last_error_json(). `check_petition` reads the
 * verdict JSON with json_mini.h and flattens its summary (tests/conformance/README.md) into the
 * scalar entries gen_cases.py flattens the expected summary into: `conditions.<code>` = status,
 * `excluded.<reason>` / `heuristics.<code>` = rows as `[1,2]`, `deadlines.<code>` = date,
 * `warnings` = codes as `["a","b"]`; both must hold exactly the same entries.
 *
 * Run from the repository root (fixture paths are relative to it). Prints "N passed, M failed".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_mini.h"
#include "shafaf.h"

typedef enum value_kind { V_STRING, V_NUMBER, V_BOOL, V_NULL } value_kind;

typedef struct kv {
    const char *key;
    value_kind kind;
    const char *text; /* NULL for V_NULL */
} kv;

typedef struct conformance_case {
    const char *file;
    const char *name;
    const char *op;
    const kv *args;
    size_t arg_count;
    const kv *expect;
    size_t expect_count;
    bool expects_error;
    long long error_code;
    long long error_row; /* 0: not checked */
    const char *error_field; /* NULL: not checked */
} conformance_case;

typedef struct fixture_file {
    const char *name;
    int cases;
} fixture_file;

#include "conformance_cases.h"

/* ------------------------------------------------------------------------------------------- */
/* A case's actual result                                                                       */

#define MAX_ITEMS 64
#define RESULT_KEY_SIZE 96
#define RESULT_TEXT_SIZE 2048 /* gen_cases.py: MAX_TEXT = RESULT_TEXT_SIZE - 1 */

typedef struct result {
    size_t count;
    struct {
        char key[RESULT_KEY_SIZE];
        value_kind kind;
        char text[RESULT_TEXT_SIZE];
    } items[MAX_ITEMS];
} result;

static char problem[512]; /* why the runner itself could not run a case */

/* Adds a value; a full table, a key or text too long, or a key already there is a problem of the
 * runner (never a silent truncation or a duplicate that the comparison would not see). */
static void put(result *r, const char *key, value_kind kind, const char *text) {
    if (r->count >= MAX_ITEMS) {
        snprintf(problem, sizeof problem, "too many result values");
        return;
    }
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->items[i].key, key) == 0) {
            snprintf(problem, sizeof problem, "`%s` twice in the result", key);
            return;
        }
    }
    int key_length = snprintf(r->items[r->count].key, sizeof r->items[r->count].key, "%s", key);
    int text_length = snprintf(r->items[r->count].text, sizeof r->items[r->count].text, "%s", text ? text : "");
    if (key_length < 0 || (size_t)key_length >= RESULT_KEY_SIZE || text_length < 0 ||
        (size_t)text_length >= RESULT_TEXT_SIZE) {
        snprintf(problem, sizeof problem, "result value `%.60s` too long for the runner", key);
        return;
    }
    r->items[r->count].kind = kind;
    r->count++;
}

static void put_number(result *r, const char *key, unsigned long long value) {
    char text[32];
    snprintf(text, sizeof text, "%llu", value);
    put(r, key, V_NUMBER, text);
}

/* ------------------------------------------------------------------------------------------- */
/* Arguments                                                                                    */

static const kv *find_arg(const conformance_case *c, const char *key) {
    for (size_t i = 0; i < c->arg_count; i++) {
        if (strcmp(c->args[i].key, key) == 0) return &c->args[i];
    }
    return NULL;
}

/* A string argument, or NULL when absent (a missing required one is reported by the caller). */
static const char *arg_text(const conformance_case *c, const char *key) {
    const kv *arg = find_arg(c, key);
    if (!arg) return NULL;
    if (arg->kind != V_STRING) {
        snprintf(problem, sizeof problem, "argument `%s` must be a string", key);
        return NULL;
    }
    return arg->text;
}

static const char *required_text(const conformance_case *c, const char *key) {
    const char *text = arg_text(c, key);
    if (!text && !problem[0]) snprintf(problem, sizeof problem, "missing argument `%s`", key);
    return text;
}

/* Every argument must be one the op knows (gen_cases.py checks it too). */
static bool check_args(const conformance_case *c, const char *const *allowed) {
    for (size_t i = 0; i < c->arg_count; i++) {
        bool known = false;
        for (const char *const *name = allowed; *name; name++) known = known || strcmp(*name, c->args[i].key) == 0;
        if (!known) {
            snprintf(problem, sizeof problem, "op %s takes no argument `%s`", c->op, c->args[i].key);
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------------------------------- */
/* The ops                                                                                      */

/* The Moroccan calendar, with `holidays_file` loaded when given. */
static shafaf_status make_calendar(const conformance_case *c, shafaf_calendar **out) {
    shafaf_status status = shafaf_calendar_new_morocco(out);
    const char *file = arg_text(c, "holidays_file");
    if (status == SHAFAF_STATUS_OK && file) status = shafaf_calendar_load_file(*out, file, NULL);
    return status;
}

static shafaf_status op_is_working_day(const conformance_case *c, result *r) {
    const char *date = required_text(c, "date");
    if (!date) return SHAFAF_STATUS_OK;
    shafaf_calendar *calendar = NULL;
    shafaf_status status = make_calendar(c, &calendar);
    bool value = false;
    if (status == SHAFAF_STATUS_OK) status = shafaf_calendar_is_working_day(calendar, date, &value);
    if (status == SHAFAF_STATUS_OK) put(r, "value", V_BOOL, value ? "true" : "false");
    shafaf_calendar_free(calendar);
    return status;
}

static shafaf_status op_next_working_day(const conformance_case *c, result *r) {
    const char *date = required_text(c, "date");
    if (!date) return SHAFAF_STATUS_OK;
    shafaf_calendar *calendar = NULL;
    shafaf_status status = make_calendar(c, &calendar);
    char *next = NULL;
    if (status == SHAFAF_STATUS_OK) status = shafaf_calendar_next_working_day(calendar, date, &next);
    if (status == SHAFAF_STATUS_OK) put(r, "value", V_STRING, next);
    shafaf_string_free(next);
    shafaf_calendar_free(calendar);
    return status;
}

static shafaf_status op_add_months(const conformance_case *c, result *r) {
    const char *date = required_text(c, "date");
    const kv *months = find_arg(c, "months");
    if (!date) return SHAFAF_STATUS_OK;
    if (!months || months->kind != V_NUMBER) {
        snprintf(problem, sizeof problem, "argument `months` must be an integer");
        return SHAFAF_STATUS_OK;
    }
    char *moved = NULL;
    shafaf_status status = shafaf_add_months(date, (int32_t)strtol(months->text, NULL, 10), &moved);
    if (status == SHAFAF_STATUS_OK) put(r, "value", V_STRING, moved);
    shafaf_string_free(moved);
    return status;
}

static shafaf_status op_next_ordinary_session(const conformance_case *c, result *r) {
    const char *level_name = required_text(c, "level");
    const char *after = required_text(c, "after");
    const char *window_name = arg_text(c, "window");
    if (!level_name || !after || problem[0]) return SHAFAF_STATUS_OK;
    shafaf_window_counting window = SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER;
    if (window_name && strcmp(window_name, "window_ends_after") == 0) {
        window = SHAFAF_WINDOW_COUNTING_WINDOW_ENDS_AFTER;
    } else if (window_name && strcmp(window_name, "window_starts_after") != 0) {
        snprintf(problem, sizeof problem, "unknown window policy `%s`", window_name);
        return SHAFAF_STATUS_OK;
    }
    shafaf_level level = SHAFAF_LEVEL_REGION;
    shafaf_status status = shafaf_level_parse(level_name, &level);
    if (status != SHAFAF_STATUS_OK) return status;
    /* Without a holidays file, pass NULL: the default Moroccan calendar. */
    shafaf_calendar *calendar = NULL;
    if (arg_text(c, "holidays_file")) status = make_calendar(c, &calendar);
    shafaf_session_dates dates;
    if (status == SHAFAF_STATUS_OK) status = shafaf_next_ordinary_session(calendar, level, after, window, &dates);
    if (status == SHAFAF_STATUS_OK) {
        put(r, "first_day", V_STRING, dates.first_day);
        put(r, "last_day", V_STRING, dates.last_day);
        put(r, "moved_from", dates.moved_from[0] ? V_STRING : V_NULL, dates.moved_from);
    }
    shafaf_calendar_free(calendar);
    return status;
}

static shafaf_status op_legal_population(const conformance_case *c, result *r) {
    const char *code = required_text(c, "code");
    const char *date = required_text(c, "date");
    const char *policy_name = arg_text(c, "census_policy");
    if (!code || !date || problem[0]) return SHAFAF_STATUS_OK;
    shafaf_census_policy policy = SHAFAF_CENSUS_POLICY_LATEST_PUBLISHED_BEFORE;
    if (policy_name && strcmp(policy_name, "latest_published_on_or_before") == 0) {
        policy = SHAFAF_CENSUS_POLICY_LATEST_PUBLISHED_ON_OR_BEFORE;
    } else if (policy_name && strcmp(policy_name, "latest_published_before") != 0) {
        snprintf(problem, sizeof problem, "unknown census policy `%s`", policy_name);
        return SHAFAF_STATUS_OK;
    }
    shafaf_territories *territories = NULL;
    shafaf_status status = shafaf_territories_new_embedded(&territories);
    uint64_t population = 0;
    uint16_t census = 0;
    if (status == SHAFAF_STATUS_OK) {
        status = shafaf_territories_legal_population(territories, code, date, policy, &population, &census);
    }
    if (status == SHAFAF_STATUS_OK) {
        put_number(r, "population", population);
        put_number(r, "census", census);
    }
    shafaf_territories_free(territories);
    return status;
}

/* Puts a string member of a JSON object, or null when absent or null. */
static void put_json_string(result *r, const char *key, const char *value) {
    char text[256];
    if (!value || jm_is_null(value)) {
        put(r, key, V_NULL, NULL);
    } else if (jm_string(value, text, sizeof text)) {
        put(r, key, V_STRING, text);
    } else {
        snprintf(problem, sizeof problem, "`%s` is not a JSON string", key);
    }
}

static shafaf_status op_territory(const conformance_case *c, result *r) {
    const char *code = required_text(c, "code");
    if (!code) return SHAFAF_STATUS_OK;
    shafaf_territories *territories = NULL;
    shafaf_status status = shafaf_territories_new_embedded(&territories);
    char *json = NULL;
    if (status == SHAFAF_STATUS_OK) status = shafaf_territories_get_json(territories, code, &json);
    if (status == SHAFAF_STATUS_OK) {
        put_json_string(r, "level", jm_member(json, "level"));
        put_json_string(r, "parent", jm_member(json, "parent"));
        put_json_string(r, "name_fr", jm_member(jm_member(json, "name"), "fr"));
    }
    shafaf_string_free(json);
    shafaf_territories_free(territories);
    return status;
}

static shafaf_status op_load_territories(const conformance_case *c, result *r) {
    const char *file = required_text(c, "file");
    if (!file) return SHAFAF_STATUS_OK;
    shafaf_territories *territories = NULL;
    shafaf_status status = shafaf_territories_new_embedded(&territories);
    size_t added = 0;
    if (status == SHAFAF_STATUS_OK) status = shafaf_territories_load_file(territories, file, &added);
    if (status == SHAFAF_STATUS_OK) put_number(r, "added", added);
    shafaf_territories_free(territories);
    return status;
}

static shafaf_status op_load_holidays(const conformance_case *c, result *r) {
    const char *file = required_text(c, "file");
    if (!file) return SHAFAF_STATUS_OK;
    shafaf_calendar *calendar = NULL;
    shafaf_status status = shafaf_calendar_new_morocco(&calendar);
    size_t added = 0;
    if (status == SHAFAF_STATUS_OK) status = shafaf_calendar_load_file(calendar, file, &added);
    if (status == SHAFAF_STATUS_OK) put_number(r, "added", added);
    shafaf_calendar_free(calendar);
    return status;
}

/* --- check_petition: the verdict summary --- */

/* A required string member into buf; a problem when absent or not a string. */
static bool member_text(const char *object, const char *key, char *buf, size_t cap) {
    if (jm_string(jm_member(object, key), buf, cap)) return true;
    if (!problem[0]) snprintf(problem, sizeof problem, "verdict: no string `%s`", key);
    return false;
}

/* A required array member; a problem when absent or not an array. */
static const char *member_array(const char *object, const char *key) {
    const char *array = jm_member(object, key);
    if (jm_array_length(array) >= 0) return array;
    if (!problem[0]) snprintf(problem, sizeof problem, "verdict: no array `%s`", key);
    return NULL;
}

/* Appends to a fixed buffer; false (and a problem) when it is full. */
static bool append(char *buf, size_t cap, size_t *used, const char *text) {
    size_t length = strlen(text);
    if (*used + length >= cap) {
        snprintf(problem, sizeof problem, "verdict: a list too long for the runner");
        return false;
    }
    memcpy(buf + *used, text, length + 1);
    *used += length;
    return true;
}

/* The integers of an array as compact JSON text: [402,404]. */
static bool rows_text(const char *array, char *buf, size_t cap) {
    size_t used = 0;
    buf[0] = '\0';
    int count = jm_array_length(array);
    if (count < 0) {
        snprintf(problem, sizeof problem, "verdict: `rows` is not an array");
        return false;
    }
    bool ok = append(buf, cap, &used, "[");
    for (int i = 0; i < count && ok; i++) {
        long long row = 0;
        char number[32];
        if (!jm_integer(jm_array_item(array, i), &row)) {
            snprintf(problem, sizeof problem, "verdict: a row is not an integer");
            return false;
        }
        snprintf(number, sizeof number, "%s%lld", i > 0 ? "," : "", row);
        ok = append(buf, cap, &used, number);
    }
    return ok && append(buf, cap, &used, "]");
}

/* For each object of `array`: `<group>.<item[name_key]>` = item[value_key] (a string, or with
 * value_key "rows" the rows as text). */
static void put_each(result *r, const char *group, const char *array, const char *name_key, const char *value_key) {
    int count = jm_array_length(array);
    for (int i = 0; i < count && !problem[0]; i++) {
        const char *item = jm_array_item(array, i);
        char name[RESULT_KEY_SIZE], key[2 * RESULT_KEY_SIZE], value[RESULT_TEXT_SIZE];
        if (!member_text(item, name_key, name, sizeof name)) return;
        bool ok = strcmp(value_key, "rows") == 0 ? rows_text(jm_member(item, "rows"), value, sizeof value)
                                                 : member_text(item, value_key, value, sizeof value);
        if (!ok) return;
        snprintf(key, sizeof key, "%s.%s", group, name);
        put(r, key, V_STRING, value);
    }
}

/* The summary of a verdict JSON (tests/conformance/README.md), flattened. */
static void put_petition_summary(result *r, const char *verdict) {
    char outcome[64];
    if (!member_text(verdict, "outcome", outcome, sizeof outcome)) return;
    put(r, "outcome", V_STRING, outcome);

    const char *signatures = jm_member(verdict, "signatures");
    if (!signatures || jm_is_null(signatures)) {
        put(r, "submitted", V_NULL, NULL);
        put(r, "valid", V_NULL, NULL);
    } else {
        long long submitted = 0, valid = 0;
        if (!jm_integer(jm_member(signatures, "submitted"), &submitted) ||
            !jm_integer(jm_member(signatures, "valid"), &valid)) {
            snprintf(problem, sizeof problem, "verdict: `signatures` without submitted/valid counts");
            return;
        }
        put_number(r, "submitted", (unsigned long long)submitted);
        put_number(r, "valid", (unsigned long long)valid);
        const char *excluded = member_array(signatures, "excluded");
        if (!excluded) return;
        put_each(r, "excluded", excluded, "reason", "rows");
    }

    const char *conditions = member_array(verdict, "conditions");
    const char *heuristics = member_array(verdict, "heuristics");
    const char *warnings = member_array(verdict, "warnings");
    const char *dates = jm_member(verdict, "deadlines");
    const char *deadlines = member_array(dates, "deadlines");
    if (!conditions || !heuristics || !warnings || !deadlines) return;
    put_each(r, "conditions", conditions, "code", "status");
    put_each(r, "heuristics", heuristics, "code", "rows");
    put_each(r, "deadlines", deadlines, "code", "date");

    const char *session = jm_member(dates, "session");
    put_json_string(r, "session_first_day", session && !jm_is_null(session) ? jm_member(session, "first_day") : NULL);
    put_json_string(r, "agenda_cutoff", jm_member(dates, "agenda_cutoff"));

    char codes[RESULT_TEXT_SIZE];
    size_t used = 0;
    bool ok = append(codes, sizeof codes, &used, "[");
    int count = jm_array_length(warnings);
    for (int i = 0; i < count && ok; i++) {
        char code[RESULT_KEY_SIZE], quoted[RESULT_KEY_SIZE + 4];
        if (!member_text(jm_array_item(warnings, i), "code", code, sizeof code)) return;
        snprintf(quoted, sizeof quoted, "%s\"%s\"", i > 0 ? "," : "", code);
        ok = append(codes, sizeof codes, &used, quoted);
    }
    if (ok && append(codes, sizeof codes, &used, "]")) put(r, "warnings", V_STRING, codes);
}

/* A petition file, checked against the embedded territories and the Moroccan calendar (NULLs). */
static shafaf_status op_check_petition(const conformance_case *c, result *r) {
    const char *file = required_text(c, "file");
    if (!file) return SHAFAF_STATUS_OK;
    char *verdict = NULL;
    shafaf_status status = shafaf_petition_check_file(NULL, NULL, file, &verdict);
    if (status == SHAFAF_STATUS_OK) put_petition_summary(r, verdict);
    shafaf_string_free(verdict);
    return status;
}

typedef struct op {
    const char *name;
    shafaf_status (*run)(const conformance_case *, result *);
    const char *args[5]; /* NULL-terminated */
} op;

static const op OPS[] = {
    {"is_working_day", op_is_working_day, {"date", "holidays_file", NULL}},
    {"next_working_day", op_next_working_day, {"date", "holidays_file", NULL}},
    {"add_months", op_add_months, {"date", "months", NULL}},
    {"next_ordinary_session", op_next_ordinary_session, {"level", "after", "holidays_file", "window", NULL}},
    {"legal_population", op_legal_population, {"code", "date", "census_policy", NULL}},
    {"territory", op_territory, {"code", NULL}},
    {"load_territories", op_load_territories, {"file", NULL}},
    {"load_holidays", op_load_holidays, {"file", NULL}},
    {"check_petition", op_check_petition, {"file", NULL}},
};

/* ------------------------------------------------------------------------------------------- */
/* Comparison                                                                                   */

static const char *kind_name(value_kind kind) {
    switch (kind) {
        case V_STRING: return "string";
        case V_NUMBER: return "number";
        case V_BOOL: return "bool";
        case V_NULL: return "null";
    }
    return "?";
}

static bool same_value(value_kind kind, const char *text, value_kind other_kind, const char *other_text) {
    if (kind != other_kind) return false;
    if (kind == V_NULL) return true;
    return strcmp(text ? text : "", other_text ? other_text : "") == 0;
}

/* The result must equal the expected object: same keys, same values. */
static bool compare(const conformance_case *c, const result *r, char *why, size_t why_size) {
    for (size_t i = 0; i < c->expect_count; i++) {
        const kv *want = &c->expect[i];
        bool found = false;
        for (size_t j = 0; j < r->count && !found; j++) {
            if (strcmp(r->items[j].key, want->key) != 0) continue;
            found = true;
            if (!same_value(want->kind, want->text, r->items[j].kind, r->items[j].text)) {
                snprintf(why, why_size, "`%s`: expected %s %s, got %s %s", want->key, kind_name(want->kind),
                         want->text ? want->text : "null", kind_name(r->items[j].kind),
                         r->items[j].kind == V_NULL ? "null" : r->items[j].text);
                return false;
            }
        }
        if (!found) {
            snprintf(why, why_size, "no `%s` in the result", want->key);
            return false;
        }
    }
    for (size_t j = 0; j < r->count; j++) {
        bool expected = false;
        for (size_t i = 0; i < c->expect_count; i++) expected = expected || strcmp(c->expect[i].key, r->items[j].key) == 0;
        if (!expected) {
            snprintf(why, why_size, "unexpected `%s` in the result", r->items[j].key);
            return false;
        }
    }
    return true;
}

/* The error must have the expected code and, when given, row and field (details.location). */
static bool check_error(const conformance_case *c, shafaf_status status, char *why, size_t why_size) {
    if ((long long)status != c->error_code) {
        snprintf(why, why_size, "expected error %lld, got status %d (%s)", c->error_code, (int)status,
                 shafaf_status_name(status));
        return false;
    }
    char *json = NULL;
    if (shafaf_last_error_json(&json) != SHAFAF_STATUS_OK || !json) {
        snprintf(why, why_size, "no last error JSON");
        return false;
    }
    bool ok = true;
    long long number = 0;
    if (!jm_integer(jm_member(json, "code"), &number) || number != c->error_code) {
        snprintf(why, why_size, "the last error JSON has another code: %s", json);
        ok = false;
    }
    const char *location = jm_member(jm_member(json, "details"), "location");
    if (ok && c->error_row > 0 && (!jm_integer(jm_member(location, "row"), &number) || number != c->error_row)) {
        snprintf(why, why_size, "expected row %lld in %s", c->error_row, json);
        ok = false;
    }
    char field[128];
    if (ok && c->error_field &&
        !(jm_string(jm_member(location, "field"), field, sizeof field) && strcmp(field, c->error_field) == 0)) {
        snprintf(why, why_size, "expected field \"%s\" in %s", c->error_field, json);
        ok = false;
    }
    shafaf_string_free(json);
    return ok;
}

int main(void) {
    int passed = 0, failed = 0;
    for (size_t i = 0; i < CASE_COUNT; i++) {
        const conformance_case *c = &CASES[i];
        const op *found = NULL;
        for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
            if (strcmp(OPS[k].name, c->op) == 0) found = &OPS[k];
        }
        static result r; /* large: kept off the stack */
        memset(&r, 0, sizeof r);
        problem[0] = '\0';
        char why[1024] = "";
        bool ok = false;
        if (!found) {
            snprintf(why, sizeof why, "unknown op `%s`", c->op);
        } else if (check_args(c, found->args)) {
            shafaf_status status = found->run(c, &r);
            if (problem[0]) {
                snprintf(why, sizeof why, "runner: %s", problem);
            } else if (c->expects_error) {
                if (status == SHAFAF_STATUS_OK) {
                    snprintf(why, sizeof why, "expected error %lld, got a result", c->error_code);
                } else {
                    ok = check_error(c, status, why, sizeof why);
                }
            } else if (status != SHAFAF_STATUS_OK) {
                const char *message = shafaf_last_error_message();
                snprintf(why, sizeof why, "unexpected error %d: %s", (int)status, message ? message : "(no message)");
            } else {
                ok = compare(c, &r, why, sizeof why);
            }
        } else {
            snprintf(why, sizeof why, "runner: %s", problem);
        }
        if (ok) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAILED %s: %s (%s): %s\n", c->file, c->name, c->op, why);
        }
    }
    int total = 0;
    for (size_t f = 0; f < FIXTURE_FILE_COUNT; f++) total += FIXTURE_FILES[f].cases;
    if (total != passed + failed) {
        fprintf(stderr, "FAILED: %d cases in the fixture files, %d run\n", total, passed + failed);
        failed++;
    }
    printf("conformance: %d cases from %d fixture files\n", total, FIXTURE_FILE_COUNT);
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed == 0 ? 0 : 1;
}
