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
 * `warnings` = codes as `["a","b"]`; both must hold exactly the same entries. The budget and
 * commitment ops (simplify_budget, budget_checklist, plan_status, plan_validate, plan_assess,
 * plan_cocreation, plan_schedule, ogp_import, decidim_roundtrip, embedded_plan) build their summaries from the
 * documents the C API returns and flatten them the way gen_cases.py flattens the expected ones:
 * nested objects as `a.b` keys, lists as their compact JSON text.
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

#define MAX_ITEMS 128
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

/* ------------------------------------------------------------------------------------------- */
/* Budgets and commitments: summaries of JSON documents (tests/conformance/README.md)           */
/*                                                                                             */
/* Each summary is flattened the way gen_cases.py flattens the expected one: nested objects    */
/* become `a.b` keys, lists their compact JSON text (rebuilt here from the raw JSON values,     */
/* which serde_json writes compactly), scalars stay scalars.                                   */

/* The raw JSON text of a value (a scalar, or a whole object or array). */
static bool raw_text(const char *value, char *buf, size_t cap) {
    if (!value) return false;
    const char *end = jm_skip_value(value);
    size_t length = (size_t)(end - value);
    if (length + 1 > cap) {
        snprintf(problem, sizeof problem, "a JSON value too long for the runner");
        return false;
    }
    memcpy(buf, value, length);
    buf[length] = '\0';
    return true;
}

/* Puts a JSON scalar under `key`: a string (decoded), a number, a bool, or null (also when the
 * member is absent: serde_json leaves out the None fields of these documents). */
static void put_value(result *r, const char *key, const char *value) {
    char text[RESULT_TEXT_SIZE];
    if (!value || jm_is_null(value)) {
        put(r, key, V_NULL, NULL);
    } else if (*value == '"') {
        if (jm_string(value, text, sizeof text)) put(r, key, V_STRING, text);
        else snprintf(problem, sizeof problem, "`%s`: a string the runner cannot decode", key);
    } else if (strncmp(value, "true", 4) == 0 || strncmp(value, "false", 5) == 0) {
        put(r, key, V_BOOL, *value == 't' ? "true" : "false");
    } else if (raw_text(value, text, sizeof text)) {
        put(r, key, V_NUMBER, text);
    }
}

/* A list being built as compact JSON text. */
typedef struct list {
    char text[RESULT_TEXT_SIZE];
    size_t used;
    int count;
} list;

static void list_start(list *l) {
    l->used = 0;
    l->count = 0;
    l->text[0] = '\0';
    append(l->text, sizeof l->text, &l->used, "[");
}

/* Adds a raw JSON value (NULL: null). */
static void list_add_raw(list *l, const char *value) {
    char raw[RESULT_TEXT_SIZE];
    if (l->count++ > 0) append(l->text, sizeof l->text, &l->used, ",");
    if (!value) {
        append(l->text, sizeof l->text, &l->used, "null");
    } else if (raw_text(value, raw, sizeof raw)) {
        append(l->text, sizeof l->text, &l->used, raw);
    }
}

/* Adds a string (ASCII without quotes or backslashes, as the fixtures hold). */
static void list_add_string(list *l, const char *text) {
    if (l->count++ > 0) append(l->text, sizeof l->text, &l->used, ",");
    append(l->text, sizeof l->text, &l->used, "\"");
    append(l->text, sizeof l->text, &l->used, text);
    append(l->text, sizeof l->text, &l->used, "\"");
}

static void list_put(result *r, const char *key, list *l) {
    if (append(l->text, sizeof l->text, &l->used, "]")) put(r, key, V_STRING, l->text);
}

/* The member `path2` of member `path1` of an object (`path2` NULL: `path1` itself). */
static const char *member2(const char *object, const char *path1, const char *path2) {
    const char *value = jm_member(object, path1);
    return path2 ? jm_member(value, path2) : value;
}

/* Puts under `key` the list of `item.path1.path2` for each item of `array`. */
static void put_column(result *r, const char *key, const char *array, const char *path1, const char *path2) {
    list l;
    list_start(&l);
    int count = jm_array_length(array);
    if (count < 0) {
        snprintf(problem, sizeof problem, "`%s`: not an array", key);
        return;
    }
    for (int i = 0; i < count; i++) list_add_raw(&l, member2(jm_array_item(array, i), path1, path2));
    list_put(r, key, &l);
}

/* A string member into buf ("" when absent or not a string). */
static const char *member_or_empty(const char *object, const char *key, char *buf, size_t cap) {
    if (!jm_string(jm_member(object, key), buf, cap)) buf[0] = '\0';
    return buf;
}

/* A key made of parts. */
static const char *key_of(char *buf, size_t cap, const char *a, const char *b, const char *c) {
    snprintf(buf, cap, "%s%s%s", a, b ? b : "", c ? c : "");
    return buf;
}

/* Reads a whole file into a new NUL-terminated buffer (free it), or NULL with a problem. */
static char *read_text_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        snprintf(problem, sizeof problem, "cannot open %s", path);
        return NULL;
    }
    char *text = NULL;
    size_t length = 0;
    if (fseek(file, 0, SEEK_END) == 0) {
        long size = ftell(file);
        if (size >= 0 && fseek(file, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
            length = fread(text, 1, (size_t)size, file);
            text[length] = '\0';
        }
    }
    fclose(file);
    if (!text) snprintf(problem, sizeof problem, "cannot read %s", path);
    return text;
}

/* --- simplify_budget, budget_checklist --- */

#define BUDGET_ARGS                                                                                            \
    "csv_file", "info", "csv_format", "fdp", "fdp_options", "embedded", "options", "previous_csv_file", "previous_info", \
        "layout_file", "layout_options"

/* The budget of a case: `csv_file` + `info` (+ `csv_format`), `fdp` (+ `fdp_options`), or
 * `embedded`; `options` as given (NULL: the defaults, or the embedded budget's own). The
 * previous budget, when `previous_csv_file` is given, is read with the same format and options. */
static shafaf_status case_budget(const conformance_case *c, shafaf_budget **budget, shafaf_budget **previous) {
    const char *csv_file = arg_text(c, "csv_file"), *fdp = arg_text(c, "fdp"), *embedded = arg_text(c, "embedded");
    const char *options = arg_text(c, "options"), *format = arg_text(c, "csv_format");
    const char *previous_file = arg_text(c, "previous_csv_file");
    *budget = *previous = NULL;
    if (problem[0]) return SHAFAF_STATUS_OK;
    if (csv_file) {
        const char *info = required_text(c, "info");
        if (!info) return SHAFAF_STATUS_OK;
        shafaf_status status = shafaf_budget_new_from_csv_file(info, options, csv_file, format, budget, NULL);
        if (status == SHAFAF_STATUS_OK && previous_file) {
            const char *previous_info = required_text(c, "previous_info");
            if (!previous_info) return SHAFAF_STATUS_OK;
            status = shafaf_budget_new_from_csv_file(previous_info, options, previous_file, format, previous, NULL);
        }
        return status;
    }
    if (fdp) return shafaf_budget_new_from_fdp(fdp, arg_text(c, "fdp_options"), options, budget, NULL);
    const char *layout_file = arg_text(c, "layout_file");
    if (layout_file) {
        return shafaf_budget_new_from_layout_file(arg_text(c, "info"), options, layout_file, arg_text(c, "layout_options"),
                                                  budget, NULL);
    }
    if (!embedded || strcmp(embedded, "bmk_2025") != 0) {
        snprintf(problem, sizeof problem, "a budget case gives csv_file, fdp, layout_file or embedded \"bmk_2025\"");
        return SHAFAF_STATUS_OK;
    }
    if (!options) return shafaf_budget_new_embedded_bmk(budget);
    /* Other options: the embedded budget as a document, read with them. */
    char *document = NULL;
    shafaf_status status = shafaf_budget_embedded_bmk_json(&document, NULL);
    if (status == SHAFAF_STATUS_OK) status = shafaf_budget_new_from_json(document, options, budget);
    shafaf_string_free(document);
    return status;
}

static void put_budget_table(result *r, const char *name, const char *table) {
    char key[RESULT_KEY_SIZE];
    const char *rows = jm_member(table, "rows");
    put_value(r, key_of(key, sizeof key, name, ".total", NULL), jm_member(table, "total"));
    put_value(r, key_of(key, sizeof key, name, ".total_displayed", NULL), jm_member(table, "total_displayed"));
    const char *per_inhabitant = jm_member(table, "total_per_inhabitant");
    put_value(r, key_of(key, sizeof key, name, ".total_per_inhabitant", NULL), per_inhabitant);
    put_column(r, key_of(key, sizeof key, name, ".ids", NULL), rows, "id", NULL);
    put_column(r, key_of(key, sizeof key, name, ".displayed", NULL), rows, "displayed", NULL);
    put_column(r, key_of(key, sizeof key, name, ".shares", NULL), rows, "share_percent", NULL);
    key_of(key, sizeof key, name, ".per_inhabitant", NULL);
    if (!per_inhabitant || jm_is_null(per_inhabitant)) put(r, key, V_NULL, NULL);
    else put_column(r, key, rows, "per_inhabitant", NULL);
    key_of(key, sizeof key, name, ".changes", NULL);
    const char *change = jm_member(table, "change");
    if (!change || jm_is_null(change)) put(r, key, V_NULL, NULL);
    else put_column(r, key, rows, "change", "percent");
    list flagged;
    list_start(&flagged);
    for (int i = 0; i < jm_array_length(rows); i++) {
        const char *row = jm_array_item(rows, i);
        const char *value = member2(row, "change", "flagged");
        if (value && strncmp(value, "true", 4) == 0) list_add_raw(&flagged, jm_member(row, "id"));
    }
    list_put(r, key_of(key, sizeof key, name, ".flagged", NULL), &flagged);
}

/* The summary of a citizen budget JSON. */
static void put_budget_summary(result *r, const char *budget) {
    static const char *const TABLES[] = {"revenue", "expenditure", "expenditure_by_nature", "expenditure_by_part"};
    for (size_t i = 0; i < 4; i++) put_budget_table(r, TABLES[i], jm_member(budget, TABLES[i]));
    put_value(r, "balance", jm_member(budget, "balance"));
    const char *surplus = jm_member(budget, "surplus");
    if (!surplus || jm_is_null(surplus)) {
        put(r, "surplus", V_NULL, NULL);
        put(r, "equipment_funded_percent", V_NULL, NULL);
    } else {
        char raw[RESULT_TEXT_SIZE];
        if (raw_text(jm_member(surplus, "displayed"), raw, sizeof raw)) put(r, "surplus", V_STRING, raw);
        put_value(r, "equipment_funded_percent", jm_member(surplus, "equipment_funded_percent"));
    }
    const char *people = jm_member(budget, "per_inhabitant");
    if (!people || jm_is_null(people)) {
        put(r, "per_inhabitant", V_NULL, NULL);
    } else {
        static const char *const KEYS[] = {"population", "census", "revenue", "expenditure", "expenditure_per_day",
                                           "expenditure_per_household"};
        char key[RESULT_KEY_SIZE];
        for (size_t i = 0; i < 6; i++) put_value(r, key_of(key, sizeof key, "per_inhabitant.", KEYS[i], NULL), jm_member(people, KEYS[i]));
    }
    put_column(r, "top_programmes", jm_member(budget, "top_programmes"), "code", NULL);
    const char *comparison = jm_member(budget, "comparison");
    if (!comparison || jm_is_null(comparison)) {
        put(r, "comparison", V_NULL, NULL);
    } else {
        put_value(r, "comparison.source", jm_member(comparison, "source"));
        put_value(r, "comparison.previous_year", jm_member(comparison, "previous_year"));
    }
    const char *accounting = jm_member(budget, "accounting");
    const char *groups = jm_member(accounting, "unmapped");
    for (int i = 0; i < jm_array_length(groups) && !problem[0]; i++) {
        const char *group = jm_array_item(groups, i);
        char direction[32], field[32], code[64], key[RESULT_KEY_SIZE], rows[RESULT_TEXT_SIZE];
        snprintf(key, sizeof key, "unmapped.%s/%s/%s", member_or_empty(group, "direction", direction, sizeof direction),
                 member_or_empty(group, "field", field, sizeof field), member_or_empty(group, "code", code, sizeof code));
        if (raw_text(jm_member(group, "rows"), rows, sizeof rows)) put(r, key, V_STRING, rows);
    }
    groups = jm_member(accounting, "skipped");
    for (int i = 0; i < jm_array_length(groups) && !problem[0]; i++) {
        const char *group = jm_array_item(groups, i);
        char reason[32], key[RESULT_KEY_SIZE], rows[RESULT_TEXT_SIZE];
        snprintf(key, sizeof key, "skipped.%s", member_or_empty(group, "reason", reason, sizeof reason));
        if (raw_text(jm_member(group, "rows"), rows, sizeof rows)) put(r, key, V_STRING, rows);
    }
}

static shafaf_status op_simplify_budget(const conformance_case *c, result *r) {
    shafaf_budget *budget = NULL, *previous = NULL;
    shafaf_status status = case_budget(c, &budget, &previous);
    char *json = NULL;
    if (status == SHAFAF_STATUS_OK && !problem[0]) {
        /* NULL territories: the embedded ones. The language does not change the JSON. */
        status = shafaf_budget_render(budget, previous, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, &json);
    }
    if (status == SHAFAF_STATUS_OK && json) put_budget_summary(r, json);
    shafaf_string_free(json);
    shafaf_budget_free(previous);
    shafaf_budget_free(budget);
    return status;
}

static shafaf_status op_budget_checklist(const conformance_case *c, result *r) {
    shafaf_budget *budget = NULL, *previous = NULL;
    shafaf_status status = case_budget(c, &budget, &previous);
    char *json = NULL;
    if (status == SHAFAF_STATUS_OK && !problem[0]) {
        status = shafaf_budget_checklist_json(budget, previous, NULL, arg_text(c, "editorial"), &json);
    }
    if (status == SHAFAF_STATUS_OK && json) {
        static const char *const STATUSES[] = {"pass", "fail", "missing", "review"};
        const char *items = jm_member(json, "items");
        for (size_t s = 0; s < 4; s++) {
            list ids;
            list_start(&ids);
            for (int i = 0; i < jm_array_length(items); i++) {
                const char *item = jm_array_item(items, i);
                char status_text[16];
                if (strcmp(member_or_empty(item, "status", status_text, sizeof status_text), STATUSES[s]) == 0) {
                    list_add_raw(&ids, jm_member(item, "id"));
                }
            }
            list_put(r, STATUSES[s], &ids);
        }
    }
    shafaf_string_free(json);
    shafaf_budget_free(previous);
    shafaf_budget_free(budget);
    return status;
}

/* --- plan_status, plan_validate, plan_assess, plan_cocreation --- */

/* The plan of a case as JSON text (free it with free()): `plan_file` read from disk, or the
 * embedded `bmk_2022_2027` plan (copied out of the library's string). */
static char *case_plan(const conformance_case *c, shafaf_status *status) {
    const char *file = arg_text(c, "plan_file"), *embedded = arg_text(c, "embedded");
    *status = SHAFAF_STATUS_OK;
    if (problem[0]) return NULL;
    if (file) return read_text_file(file);
    if (!embedded || strcmp(embedded, "bmk_2022_2027") != 0) {
        snprintf(problem, sizeof problem, "a plan case gives plan_file or embedded \"bmk_2022_2027\"");
        return NULL;
    }
    char *json = NULL;
    *status = shafaf_plan_embedded_bmk_json(&json);
    char *copy = NULL;
    if (*status == SHAFAF_STATUS_OK && (copy = malloc(strlen(json) + 1))) strcpy(copy, json);
    shafaf_string_free(json);
    return copy;
}

static void put_item_status(result *r, const char *prefix, const char *id, const char *item) {
    char key[RESULT_KEY_SIZE];
    snprintf(key, sizeof key, "%s%s.status", prefix, id);
    put_value(r, key, jm_member(item, "status"));
    snprintf(key, sizeof key, "%s%s.delayed", prefix, id);
    put_value(r, key, jm_member(item, "delayed"));
    snprintf(key, sizeof key, "%s%s.percent", prefix, id);
    put_value(r, key, jm_member(item, "percent"));
}

static shafaf_status op_plan_status(const conformance_case *c, result *r) {
    const char *as_of = required_text(c, "as_of");
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *json = NULL;
    if (plan && as_of) status = shafaf_plan_status_json(plan, as_of, arg_text(c, "policy"), &json);
    if (status == SHAFAF_STATUS_OK && json) {
        put_value(r, "status", jm_member(json, "status"));
        put_value(r, "percent", jm_member(json, "percent"));
        const char *commitments = jm_member(json, "commitments");
        for (int i = 0; i < jm_array_length(commitments) && !problem[0]; i++) {
            const char *commitment = jm_array_item(commitments, i);
            char id[64];
            member_or_empty(commitment, "id", id, sizeof id);
            put_item_status(r, "commitments.", id, commitment);
            const char *milestones = jm_member(commitment, "milestones");
            for (int m = 0; m < jm_array_length(milestones); m++) {
                const char *milestone = jm_array_item(milestones, m);
                char mid[64], full[140];
                snprintf(full, sizeof full, "%s/%s", id, member_or_empty(milestone, "id", mid, sizeof mid));
                put_item_status(r, "milestones.", full, milestone);
            }
        }
    }
    shafaf_string_free(json);
    free(plan);
    return status;
}

static shafaf_status op_plan_validate(const conformance_case *c, result *r) {
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *json = NULL;
    if (plan) status = shafaf_plan_validate_json(plan, arg_text(c, "policy"), &json);
    if (status == SHAFAF_STATUS_OK && json) {
        put_value(r, "valid", jm_member(json, "valid"));
        put_value(r, "errors", member2(json, "counts", "errors"));
        put_value(r, "warnings", member2(json, "counts", "warnings"));
        put_value(r, "info", member2(json, "counts", "info"));
        const char *findings = jm_member(json, "findings");
        list l;
        list_start(&l);
        for (int i = 0; i < jm_array_length(findings); i++) {
            const char *finding = jm_array_item(findings, i);
            const char *place = jm_member(finding, "place");
            char rule[8], severity[16], commitment[64], milestone[64], field[96], line[280];
            member_or_empty(finding, "rule", rule, sizeof rule);
            member_or_empty(finding, "severity", severity, sizeof severity);
            member_or_empty(place, "commitment", commitment, sizeof commitment);
            member_or_empty(place, "milestone", milestone, sizeof milestone);
            member_or_empty(place, "field", field, sizeof field);
            snprintf(line, sizeof line, "%s %s %s %s %s", rule, severity, commitment[0] ? commitment : "-",
                     milestone[0] ? milestone : "-", field[0] ? field : "-");
            list_add_string(&l, line);
        }
        list_put(r, "findings", &l);
    }
    shafaf_string_free(json);
    free(plan);
    return status;
}

static shafaf_status op_plan_assess(const conformance_case *c, result *r) {
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *json = NULL;
    if (plan) status = shafaf_plan_assess_json(plan, &json);
    if (status == SHAFAF_STATUS_OK && json) {
        const char *commitments = jm_member(json, "commitments");
        for (int i = 0; i < jm_array_length(commitments) && !problem[0]; i++) {
            const char *flags = jm_array_item(commitments, i);
            char id[64], key[RESULT_KEY_SIZE];
            member_or_empty(flags, "commitment", id, sizeof id);
            static const char *const FORMULAS[] = {"irm2014", "current"};
            const char *stars = jm_member(flags, "r1_starred");
            for (size_t f = 0; f < 2; f++) {
                list l;
                list_start(&l);
                for (int s = 0; s < jm_array_length(stars); s++) {
                    const char *star = jm_array_item(stars, s);
                    char formula[16];
                    if (strcmp(member_or_empty(star, "formula", formula, sizeof formula), FORMULAS[f]) == 0) {
                        list_add_raw(&l, jm_member(star, "value"));
                    }
                }
                snprintf(key, sizeof key, "commitments.%s.r1_%s", id, FORMULAS[f]);
                list_put(r, key, &l);
            }
            static const char *const FLAGS[][2] = {{"r2", "r2_high_completion"}, {"r3", "r3_strong_early_results"},
                                                   {"r4", "r4_high_ambition"}, {"r5", "r5_reviewable"}};
            for (size_t f = 0; f < 4; f++) {
                snprintf(key, sizeof key, "commitments.%s.%s", id, FLAGS[f][0]);
                put_value(r, key, member2(flags, FLAGS[f][1], "value"));
            }
            const char *violations = jm_member(flags, "r5_violations");
            list l;
            list_start(&l);
            for (int v = 0; v < jm_array_length(violations); v++) {
                const char *violation = jm_array_item(violations, v);
                long long index = -1;
                char indicator[64], text[96];
                jm_integer(jm_member(violation, "assessment"), &index);
                snprintf(text, sizeof text, "%lld:%s", index,
                         member_or_empty(violation, "indicator", indicator, sizeof indicator));
                list_add_string(&l, text);
            }
            snprintf(key, sizeof key, "commitments.%s.r5_violations", id);
            list_put(r, key, &l);
        }
    }
    shafaf_string_free(json);
    free(plan);
    return status;
}

static shafaf_status op_plan_cocreation(const conformance_case *c, result *r) {
    const char *as_of = required_text(c, "as_of");
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *json = NULL;
    if (plan && as_of) status = shafaf_plan_check_cocreation_json(plan, as_of, arg_text(c, "policy"), &json);
    if (status == SHAFAF_STATUS_OK && json) {
        const char *findings = jm_member(json, "findings");
        for (int i = 0; i < jm_array_length(findings); i++) {
            const char *finding = jm_array_item(findings, i);
            char requirement[16], key[RESULT_KEY_SIZE];
            snprintf(key, sizeof key, "outcomes.%s", member_or_empty(finding, "requirement", requirement, sizeof requirement));
            put_value(r, key, jm_member(finding, "outcome"));
        }
        put_value(r, "met", member2(json, "summary", "met"));
        put_value(r, "not_met", member2(json, "summary", "not_met"));
        put_value(r, "not_assessable", member2(json, "summary", "not_assessable"));
    }
    shafaf_string_free(json);
    free(plan);
    return status;
}

/* Each item as `product[/commitment]:status:due_on` (due_on empty when undetermined). */
static shafaf_status op_plan_schedule(const conformance_case *c, result *r) {
    const char *as_of = required_text(c, "as_of");
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *json = NULL;
    if (plan && as_of) status = shafaf_plan_assessment_schedule_json(plan, as_of, arg_text(c, "policy"), &json);
    if (status == SHAFAF_STATUS_OK && json) {
        const char *items = jm_member(json, "items");
        list l;
        list_start(&l);
        for (int i = 0; i < jm_array_length(items); i++) {
            const char *item = jm_array_item(items, i);
            char product[48], commitment[32], state[16], due[16], text[160];
            member_or_empty(item, "product", product, sizeof product);
            member_or_empty(item, "commitment", commitment, sizeof commitment);
            member_or_empty(item, "status", state, sizeof state);
            member_or_empty(item, "due_on", due, sizeof due);
            snprintf(text, sizeof text, "%s%s%s:%s:%s", product, commitment[0] ? "/" : "", commitment, state, due);
            list_add_string(&l, text);
        }
        list_put(r, "items", &l);
    }
    shafaf_string_free(json);
    free(plan);
    return status;
}

/* --- ogp_import, decidim_roundtrip, embedded_plan --- */

/* The error and warning findings of an import report, as `row:column:severity:issue`. */
static void put_problems(result *r, const char *report) {
    const char *findings = jm_member(report, "findings");
    list l;
    list_start(&l);
    for (int i = 0; i < jm_array_length(findings); i++) {
        const char *finding = jm_array_item(findings, i);
        char severity[16], column[96], issue[48], text[200];
        long long row = 0;
        if (strcmp(member_or_empty(finding, "severity", severity, sizeof severity), "info") == 0) continue;
        jm_integer(jm_member(finding, "row"), &row);
        snprintf(text, sizeof text, "%lld:%s:%s:%s", row, member_or_empty(finding, "column", column, sizeof column),
                 severity, member_or_empty(finding, "issue", issue, sizeof issue));
        list_add_string(&l, text);
    }
    list_put(r, "problems", &l);
}

static shafaf_status op_ogp_import(const conformance_case *c, result *r) {
    const char *file = required_text(c, "file");
    if (!file) return SHAFAF_STATUS_OK;
    char *json = NULL;
    shafaf_status status = shafaf_ogp_csv_import_file(file, &json);
    if (status == SHAFAF_STATUS_OK) {
        const char *plans = jm_member(json, "plans");
        put_column(r, "plans", plans, "id", NULL);
        list l;
        list_start(&l);
        for (int p = 0; p < jm_array_length(plans); p++) {
            const char *commitments = jm_member(jm_array_item(plans, p), "commitments");
            for (int i = 0; i < jm_array_length(commitments); i++) list_add_raw(&l, jm_member(jm_array_item(commitments, i), "id"));
        }
        list_put(r, "commitments", &l);
        const char *report = jm_member(json, "report");
        put_value(r, "rows_read", jm_member(report, "rows_read"));
        put_value(r, "rows_imported", jm_member(report, "rows_imported"));
        put_value(r, "rows_skipped", jm_member(report, "rows_skipped"));
        put_problems(r, report);
    }
    shafaf_string_free(json);
    return status;
}

/* How many updates an item has (0 when the member is absent). */
static void put_update_count(result *r, const char *key, const char *item) {
    int count = jm_array_length(jm_member(item, "updates"));
    put_number(r, key, (unsigned long long)(count < 0 ? 0 : count));
}

static shafaf_status op_decidim_roundtrip(const conformance_case *c, result *r) {
    const char *as_of = required_text(c, "as_of");
    shafaf_status status;
    char *plan = case_plan(c, &status);
    char *results = NULL, *timeline = NULL, *findings = NULL, *json = NULL;
    if (plan && as_of) status = shafaf_decidim_export(plan, as_of, NULL, NULL, &results, &timeline, &findings);
    if (status == SHAFAF_STATUS_OK && results)
        status = shafaf_decidim_import(results, timeline, "results.csv", "{\"default_locale\": \"fr\"}", &json);
    if (status == SHAFAF_STATUS_OK && json) {
        const char *commitments = jm_member(json, "commitments");
        put_column(r, "commitments", commitments, "id", NULL);
        for (int i = 0; i < jm_array_length(commitments) && !problem[0]; i++) {
            const char *commitment = jm_array_item(commitments, i);
            const char *milestones = jm_member(commitment, "milestones");
            char id[64], key[RESULT_KEY_SIZE];
            member_or_empty(commitment, "id", id, sizeof id);
            snprintf(key, sizeof key, "milestones.%s", id);
            if (milestones) {
                put_column(r, key, milestones, "id", NULL);
            } else {
                put(r, key, V_STRING, "[]");
            }
            snprintf(key, sizeof key, "updates.%s", id);
            put_update_count(r, key, commitment);
            for (int m = 0; m < jm_array_length(milestones); m++) {
                const char *milestone = jm_array_item(milestones, m);
                char mid[64];
                snprintf(key, sizeof key, "updates.%s/%s", id, member_or_empty(milestone, "id", mid, sizeof mid));
                put_update_count(r, key, milestone);
            }
        }
        put_problems(r, jm_member(json, "report"));
    }
    shafaf_string_free(json);
    shafaf_string_free(findings);
    shafaf_string_free(timeline);
    shafaf_string_free(results);
    free(plan);
    return status;
}

static shafaf_status op_embedded_plan(const conformance_case *c, result *r) {
    (void)c;
    char *json = NULL;
    shafaf_status status = shafaf_plan_embedded_bmk_json(&json);
    if (status == SHAFAF_STATUS_OK) {
        put_value(r, "id", jm_member(json, "id"));
        put_column(r, "members", jm_member(json, "members"), "id", NULL);
        const char *commitments = jm_member(json, "commitments");
        put_column(r, "commitments", commitments, "id", NULL);
        int milestones = 0;
        for (int i = 0; i < jm_array_length(commitments); i++) {
            int count = jm_array_length(jm_member(jm_array_item(commitments, i), "milestones"));
            milestones += count < 0 ? 0 : count;
        }
        put_number(r, "milestones", (unsigned long long)milestones);
    }
    shafaf_string_free(json);
    return status;
}

typedef struct op {
    const char *name;
    shafaf_status (*run)(const conformance_case *, result *);
    const char *args[14]; /* NULL-terminated */
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
    {"simplify_budget", op_simplify_budget, {BUDGET_ARGS, NULL}},
    {"budget_checklist", op_budget_checklist, {BUDGET_ARGS, "editorial", NULL}},
    {"plan_status", op_plan_status, {"plan_file", "embedded", "as_of", "policy", NULL}},
    {"plan_validate", op_plan_validate, {"plan_file", "embedded", "policy", NULL}},
    {"plan_assess", op_plan_assess, {"plan_file", "embedded", NULL}},
    {"plan_cocreation", op_plan_cocreation, {"plan_file", "embedded", "as_of", "policy", NULL}},
    {"plan_schedule", op_plan_schedule, {"plan_file", "embedded", "as_of", "policy", NULL}},
    {"ogp_import", op_ogp_import, {"file", NULL}},
    {"decidim_roundtrip", op_decidim_roundtrip, {"plan_file", "embedded", "as_of", NULL}},
    {"embedded_plan", op_embedded_plan, {NULL}},
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
