/*
 * Tests of the C ABI conventions of libshafaf: version, status names, NULL and invalid arguments,
 * out-parameters untouched on error, the thread-local last error (message and JSON), ownership
 * (every returned string is freed: LeakSanitizer checks it), round trips, and a few answers; the
 * petition check handle's lifecycle, and errors that name a signatory's row and field but never
 * quote its data; the budget handle (lines one by one equal the file read by the library, every
 * format, errors naming the row and field of an amount, a handle unusable after an overflow, the
 * embedded budget, Fiscal Data Packages in and out); the commitment documents (every function,
 * errors, Decidim and OGP imports); and the repro inputs of issue 11 (reliability): typed errors,
 * never a crash, a hang, a silent loss, a live injected link or a 10 MB message.
 *
 * Run from the repository root by tests/c/run.sh (paths below are relative to it).
 * Prints "N passed, M failed" and exits non-zero on any failure.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "json_mini.h"
#include "shafaf.h"

static int passed = 0;
static int failed = 0;

static void check(bool ok, const char *what, const char *file, int line) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    const char *message = shafaf_last_error_message();
    if (message) fprintf(stderr, "    last error: %s\n", message);
}

#define CHECK(condition) check((condition), #condition, __FILE__, __LINE__)
#define CHECK_STATUS(call, expected) CHECK((call) == (expected))

static bool contains(const char *haystack, const char *needle) {
    return haystack && needle && strstr(haystack, needle) != NULL;
}

static bool last_message_contains(const char *needle) { return contains(shafaf_last_error_message(), needle); }

/* Checks that the last error JSON has this code and (when given) row and field; frees it. */
static bool last_error_is(long long code, long long row, const char *field) {
    char *json = NULL;
    if (shafaf_last_error_json(&json) != SHAFAF_STATUS_OK || !json) return false;
    long long found_code = 0, found_row = 0;
    char found_field[64] = "";
    bool ok = jm_integer(jm_member(json, "code"), &found_code) && found_code == code;
    const char *location = jm_member(jm_member(json, "details"), "location");
    if (row > 0) ok = ok && jm_integer(jm_member(location, "row"), &found_row) && found_row == row;
    if (field) {
        ok = ok && jm_string(jm_member(location, "field"), found_field, sizeof found_field) &&
             strcmp(found_field, field) == 0;
    }
    if (!ok) fprintf(stderr, "    last error JSON: %s\n", json);
    shafaf_string_free(json);
    return ok;
}

/* Reads a whole file (NUL-terminated); the caller frees it. */
static char *read_text_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    char *text = NULL;
    if (fseek(file, 0, SEEK_END) == 0) {
        long size = ftell(file);
        if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) {
            text = malloc((size_t)size + 1);
            if (text && fread(text, 1, (size_t)size, file) == (size_t)size) {
                text[size] = '\0';
            } else {
                free(text);
                text = NULL;
            }
        }
    }
    fclose(file);
    return text;
}

/* Whether a verdict read from a list file equals one from the same rows added one by one: the
 * file's verdict ends with the account of its columns (`"columns": [...]`), the only difference. */
static bool same_but_columns(const char *from_file, const char *one_by_one) {
    if (!from_file || !one_by_one) return false;
    const char *columns = strstr(from_file, ",\"columns\":[");
    if (!columns) return strcmp(from_file, one_by_one) == 0;
    size_t prefix = (size_t)(columns - from_file);
    return strncmp(from_file, one_by_one, prefix) == 0 && strcmp(one_by_one + prefix, "}") == 0;
}

/* Takes a returned string: checks it equals `expected` and frees it. */
static bool take_equals(char *text, const char *expected) {
    bool ok = text && strcmp(text, expected) == 0;
    if (!ok) fprintf(stderr, "    got %s, expected %s\n", text ? text : "(null)", expected);
    shafaf_string_free(text);
    return ok;
}

static void test_version(void) {
    CHECK(shafaf_version() != NULL);
    CHECK(strcmp(shafaf_version(), SHAFAF_VERSION_STRING) == 0);
    char built[64];
    snprintf(built, sizeof built, "%d.%d.%d", SHAFAF_VERSION_MAJOR, SHAFAF_VERSION_MINOR, SHAFAF_VERSION_PATCH);
    CHECK(strcmp(built, SHAFAF_VERSION_STRING) == 0);
    CHECK(shafaf_version() == shafaf_version()); /* static */
}

static void test_status_names(void) {
    CHECK(SHAFAF_STATUS_OK == 0);
    CHECK(SHAFAF_STATUS_INVALID_ARGUMENT == 1001);
    CHECK(SHAFAF_STATUS_INVALID_DATE == 1002);
    CHECK(SHAFAF_STATUS_MISSING_FIELD == 1003);
    CHECK(SHAFAF_STATUS_UNKNOWN_TERRITORY == 1101);
    CHECK(SHAFAF_STATUS_NO_RULE_IN_FORCE == 1202);
    CHECK(SHAFAF_STATUS_INTERNAL == 9001);
    CHECK(strcmp(shafaf_status_name(SHAFAF_STATUS_OK), "ok") == 0);
    CHECK(strcmp(shafaf_status_name(SHAFAF_STATUS_INVALID_ARGUMENT), "invalid_argument") == 0);
    CHECK(strcmp(shafaf_status_name(SHAFAF_STATUS_UNKNOWN_TERRITORY), "unknown_territory") == 0);
    CHECK(strcmp(shafaf_status_name(SHAFAF_STATUS_DATE_OUT_OF_RANGE), "date_out_of_range") == 0);
    CHECK(strcmp(shafaf_status_name(SHAFAF_STATUS_INTERNAL), "internal") == 0);
    CHECK(strcmp(shafaf_status_name((shafaf_status)4242), "unknown") == 0);
}

static void test_null_and_invalid_arguments(void) {
    CHECK_STATUS(shafaf_territories_new_embedded(NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out`"));
    CHECK(last_error_is(1001, 0, NULL));

    size_t count = 777;
    CHECK_STATUS(shafaf_territories_count(NULL, &count), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`territories`"));
    CHECK(count == 777);

    char *out = NULL;
    CHECK_STATUS(shafaf_add_months(NULL, 1, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`date`") && out == NULL);
    CHECK_STATUS(shafaf_add_months("2027-01-31", 1, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out_date`"));
    /* Bad UTF-8 is an invalid argument too. */
    CHECK_STATUS(shafaf_add_months("\xff\xfe", 1, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("UTF-8") && out == NULL);

    shafaf_level level = SHAFAF_LEVEL_COMMUNE;
    CHECK_STATUS(shafaf_level_parse(NULL, &level), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_level_parse("county", &level), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("county") && level == SHAFAF_LEVEL_COMMUNE);

    shafaf_session_dates dates;
    CHECK_STATUS(shafaf_next_ordinary_session(NULL, SHAFAF_LEVEL_REGION, NULL, 0, &dates),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`after`"));

    /* Enum values out of range are errors, never undefined behaviour. */
    CHECK_STATUS(shafaf_next_ordinary_session(NULL, (shafaf_level)7, "2026-10-01",
                                              SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, &dates),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`level`"));
    CHECK_STATUS(shafaf_next_ordinary_session(NULL, SHAFAF_LEVEL_COMMUNE, "2026-10-01", (shafaf_window_counting)9,
                                              &dates),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`window`"));
    char *text = NULL;
    CHECK_STATUS(shafaf_next_ordinary_session_describe(NULL, SHAFAF_LEVEL_REGION, "2026-10-01", 0, (shafaf_lang)3,
                                                       &text),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`lang`") && text == NULL);

    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_add_holiday(calendar, "2026-03-20", (shafaf_holiday_kind)5, NULL, "x", NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`kind`"));
    shafaf_calendar_free(calendar);

    CHECK_STATUS(shafaf_last_error_json(NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out_json`"));
}

static void test_out_params_untouched_on_error(void) {
    shafaf_territories *territories = NULL;
    CHECK_STATUS(shafaf_territories_new_embedded(&territories), SHAFAF_STATUS_OK);

    uint64_t population = 11;
    uint16_t year = 22;
    CHECK_STATUS(shafaf_territories_legal_population(territories, "MA-99", "2026-01-01",
                                                     SHAFAF_CENSUS_POLICY_LATEST_PUBLISHED_BEFORE, &population, &year),
                 SHAFAF_STATUS_UNKNOWN_TERRITORY);
    CHECK(population == 11 && year == 22);
    CHECK_STATUS(shafaf_territories_legal_population(territories, "MA-05", "2015-01-01", 0, &population, &year),
                 SHAFAF_STATUS_NO_RULE_IN_FORCE);
    CHECK(population == 11 && year == 22);
    /* One out-parameter NULL: the other is not written either. */
    CHECK_STATUS(shafaf_territories_legal_population(territories, "MA-05", "2026-01-01", 0, &population, NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(population == 11);

    char sentinel_storage = 0;
    char *const sentinel = &sentinel_storage;
    char *json = sentinel;
    CHECK_STATUS(shafaf_territories_get_json(territories, "XX", &json), SHAFAF_STATUS_UNKNOWN_TERRITORY);
    CHECK(json == sentinel);
    CHECK_STATUS(shafaf_territories_children_json(territories, "XX", &json), SHAFAF_STATUS_UNKNOWN_TERRITORY);
    CHECK(json == sentinel);

    size_t added = 999;
    size_t count_before = 0, count_after = 0;
    CHECK_STATUS(shafaf_territories_count(territories, &count_before), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_territories_load_file(territories, "tests/data/territories-bad-population.csv", &added),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK(added == 999);
    CHECK_STATUS(shafaf_territories_count(territories, &count_after), SHAFAF_STATUS_OK);
    CHECK(count_before == count_after); /* nothing was added */
    shafaf_territories_free(territories);

    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    bool flag = true;
    CHECK_STATUS(shafaf_calendar_is_working_day(calendar, "12/01/2027", &flag), SHAFAF_STATUS_INVALID_DATE);
    CHECK(flag == true);
    char *date = sentinel;
    CHECK_STATUS(shafaf_calendar_next_working_day(calendar, "2027-02-30", &date), SHAFAF_STATUS_INVALID_DATE);
    CHECK(date == sentinel);
    CHECK_STATUS(shafaf_calendar_next_working_day(calendar, "9999-12-31", &date), SHAFAF_STATUS_DATE_OUT_OF_RANGE);
    CHECK(date == sentinel);

    shafaf_session_dates dates, untouched;
    memset(&dates, 'x', sizeof dates);
    memcpy(&untouched, &dates, sizeof dates);
    CHECK_STATUS(shafaf_next_ordinary_session(calendar, SHAFAF_LEVEL_REGION, "2015-07-22", 0, &dates),
                 SHAFAF_STATUS_NO_RULE_IN_FORCE);
    CHECK(memcmp(&dates, &untouched, sizeof dates) == 0);
    shafaf_calendar_free(calendar);
}

static void test_last_error(void) {
    shafaf_territories *territories = NULL;
    CHECK_STATUS(shafaf_territories_new_embedded(&territories), SHAFAF_STATUS_OK);
    /* A successful call clears the last error. */
    CHECK(shafaf_last_error_message() == NULL);
    char *json = (char *)"untouched";
    CHECK_STATUS(shafaf_last_error_json(&json), SHAFAF_STATUS_OK);
    CHECK(json == NULL);

    size_t added = 5;
    CHECK_STATUS(shafaf_territories_load_file(territories, "tests/data/territories-missing-level.json", &added),
                 SHAFAF_STATUS_MISSING_FIELD);
    CHECK(added == 5);
    const char *message = shafaf_last_error_message();
    CHECK(contains(message, "territories-missing-level.json"));
    CHECK(contains(message, "row 2"));
    CHECK(contains(message, "`level`"));
    CHECK(last_error_is(1003, 2, "level"));

    CHECK_STATUS(shafaf_last_error_json(&json), SHAFAF_STATUS_OK);
    char name[64] = "", source[128] = "", text[512] = "";
    CHECK(jm_string(jm_member(json, "name"), name, sizeof name) && strcmp(name, "missing_field") == 0);
    CHECK(jm_string(jm_member(json, "message"), text, sizeof text) && message && strcmp(text, message) == 0);
    CHECK(jm_string(jm_member(jm_member(jm_member(json, "details"), "location"), "source"), source, sizeof source) &&
          strcmp(source, "territories-missing-level.json") == 0);
    shafaf_string_free(json);
    /* Reading the JSON keeps the error, and the message pointer stays valid. */
    CHECK(shafaf_last_error_message() == message);

    size_t count = 0;
    CHECK_STATUS(shafaf_territories_count(territories, &count), SHAFAF_STATUS_OK);
    CHECK(shafaf_last_error_message() == NULL);
    shafaf_territories_free(territories);
}

static void test_free_null(void) {
    char *out = NULL;
    CHECK_STATUS(shafaf_add_months("nope", 1, &out), SHAFAF_STATUS_INVALID_DATE);
    shafaf_string_free(NULL);
    shafaf_territories_free(NULL);
    shafaf_calendar_free(NULL);
    /* The no-op frees neither crash nor touch the last error. */
    CHECK(last_message_contains("nope"));
}

static void test_territories(void) {
    shafaf_territories *territories = NULL;
    CHECK_STATUS(shafaf_territories_new_embedded(&territories), SHAFAF_STATUS_OK);
    size_t count = 0;
    CHECK_STATUS(shafaf_territories_count(territories, &count), SHAFAF_STATUS_OK);
    CHECK(count == 17);

    char *json = NULL;
    char text[256];
    CHECK_STATUS(shafaf_territories_get_json(territories, "MA-AZI", &json), SHAFAF_STATUS_OK);
    CHECK(jm_string(jm_member(json, "level"), text, sizeof text) && strcmp(text, "prefecture_or_province") == 0);
    CHECK(jm_string(jm_member(json, "parent"), text, sizeof text) && strcmp(text, "MA-05") == 0);
    CHECK(jm_string(jm_member(jm_member(json, "name"), "fr"), text, sizeof text) && strcmp(text, "Azilal") == 0);
    shafaf_string_free(json);
    CHECK_STATUS(shafaf_territories_children_json(territories, "MA-05", &json), SHAFAF_STATUS_OK);
    CHECK(jm_array_length(json) == 5);
    shafaf_string_free(json);

    uint64_t population = 0;
    uint16_t year = 0;
    CHECK_STATUS(shafaf_territories_legal_population(territories, "MA-05", "2024-11-29",
                                                     SHAFAF_CENSUS_POLICY_LATEST_PUBLISHED_BEFORE, &population, &year),
                 SHAFAF_STATUS_OK);
    CHECK(population == 2525801u && year == 2024);
    CHECK_STATUS(shafaf_territories_legal_population_json(territories, "MA-05", "2024-11-28",
                                                          SHAFAF_CENSUS_POLICY_LATEST_PUBLISHED_BEFORE, &json),
                 SHAFAF_STATUS_OK);
    long long number = 0;
    CHECK(jm_integer(jm_member(json, "population"), &number) && number == 2520776);
    CHECK(jm_integer(jm_member(jm_member(json, "census"), "year"), &number) && number == 2014);
    shafaf_string_free(json);

    /* Loading a communes CSV given as text, with a source name for errors. */
    char *csv = read_text_file("tests/data/communes-sample.csv");
    CHECK(csv != NULL);
    size_t added = 0;
    CHECK_STATUS(shafaf_territories_load_csv(territories, csv, "communes.csv", &added), SHAFAF_STATUS_OK);
    CHECK(added == 3);
    free(csv);
    CHECK_STATUS(shafaf_territories_count(territories, &count), SHAFAF_STATUS_OK);
    CHECK(count == 20);
    CHECK_STATUS(shafaf_territories_children_json(territories, "MA-AZI", &json), SHAFAF_STATUS_OK);
    CHECK(contains(json, "\"SAMPLE-C-SMALL\""));
    shafaf_string_free(json);

    /* Errors in a CSV name the source given, the line and the column. */
    csv = read_text_file("tests/data/territories-bad-population.csv");
    CHECK(csv != NULL);
    CHECK_STATUS(shafaf_territories_load_csv(territories, csv, "mine.csv", NULL), SHAFAF_STATUS_INVALID_VALUE);
    CHECK(last_error_is(1004, 3, "population_2024"));
    CHECK(last_message_contains("mine.csv"));
    free(csv);
    CHECK_STATUS(shafaf_territories_load_json(territories, "[{", NULL, NULL), SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK(last_message_contains("territories JSON"));

    /* Round trip: list -> load into an empty set -> list again. */
    shafaf_territories *copy = NULL;
    CHECK_STATUS(shafaf_territories_new_empty(&copy), SHAFAF_STATUS_OK);
    char *listed = NULL, *relisted = NULL;
    CHECK_STATUS(shafaf_territories_list_json(territories, &listed), SHAFAF_STATUS_OK);
    CHECK(jm_array_length(listed) == 20);
    CHECK_STATUS(shafaf_territories_load_json(copy, listed, "copy", &added), SHAFAF_STATUS_OK);
    CHECK(added == 20);
    CHECK_STATUS(shafaf_territories_list_json(copy, &relisted), SHAFAF_STATUS_OK);
    CHECK(listed && relisted && strcmp(listed, relisted) == 0);
    shafaf_string_free(listed);
    shafaf_string_free(relisted);
    shafaf_territories_free(copy);
    shafaf_territories_free(territories);
}

static void test_calendar(void) {
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    bool flag = true;
    CHECK_STATUS(shafaf_calendar_is_working_day(calendar, "2027-01-11", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == false);
    CHECK_STATUS(shafaf_calendar_is_holiday(calendar, "2027-01-11", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == true);
    CHECK_STATUS(shafaf_calendar_is_holiday(calendar, "2027-01-09", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == false); /* a Saturday, not a holiday */

    char *date = NULL;
    CHECK_STATUS(shafaf_calendar_next_working_day(calendar, "2027-01-08", &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-01-12"));
    CHECK_STATUS(shafaf_calendar_working_day_on_or_after(calendar, "2027-01-09", &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-01-12"));
    CHECK_STATUS(shafaf_calendar_working_day_on_or_after(calendar, "2027-01-12", &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-01-12"));
    CHECK_STATUS(shafaf_calendar_add_working_days(calendar, "2027-01-08", 1, &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-01-12"));
    CHECK_STATUS(shafaf_calendar_add_working_days(calendar, "2027-01-12", -1, &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-01-08"));
    CHECK_STATUS(shafaf_add_months("2027-01-31", 1, &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-02-28"));
    CHECK_STATUS(shafaf_add_months("2027-03-31", -1, &date), SHAFAF_STATUS_OK);
    CHECK(take_equals(date, "2027-02-28"));

    /* Supplied holidays: one by one, from a file, from CSV text with an error. */
    CHECK_STATUS(shafaf_calendar_add_holiday(calendar, "2026-03-20", SHAFAF_HOLIDAY_KIND_RELIGIOUS, NULL,
                                             "Jour de test", "Test day"),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_is_holiday(calendar, "2026-03-20", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == true);
    CHECK_STATUS(shafaf_calendar_add_holiday(calendar, "2026-03-23", SHAFAF_HOLIDAY_KIND_EXCEPTIONAL, NULL, NULL, NULL),
                 SHAFAF_STATUS_MISSING_FIELD);
    CHECK(last_error_is(1003, 0, "name"));
    CHECK_STATUS(shafaf_calendar_add_holiday(calendar, "2026-02-30", SHAFAF_HOLIDAY_KIND_CIVIL, NULL, "x", NULL),
                 SHAFAF_STATUS_INVALID_DATE);
    size_t added = 0;
    CHECK_STATUS(shafaf_calendar_load_file(calendar, "tests/data/holidays-test.json", &added), SHAFAF_STATUS_OK);
    CHECK(added == 2);
    CHECK_STATUS(shafaf_calendar_is_working_day(calendar, "2025-06-09", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == false);
    CHECK_STATUS(shafaf_calendar_load_csv(calendar, "date,name_fr\n2026-04-01,Un\n2026-04-31,Deux\n", NULL, &added),
                 SHAFAF_STATUS_INVALID_DATE);
    CHECK(last_error_is(1002, 3, "date"));
    CHECK(last_message_contains("holidays CSV"));
    CHECK_STATUS(shafaf_calendar_is_holiday(calendar, "2026-04-01", &flag), SHAFAF_STATUS_OK);
    CHECK(flag == false); /* nothing from the bad document was added */
    CHECK_STATUS(shafaf_calendar_load_file(calendar, "tests/data/no-such-file.json", NULL), SHAFAF_STATUS_IO);

    /* Round trip: the year's holidays as JSON, loaded into a calendar with none. */
    shafaf_calendar *bare = NULL;
    CHECK_STATUS(shafaf_calendar_new_weekends_only(&bare), SHAFAF_STATUS_OK);
    char *holidays = NULL, *again = NULL;
    CHECK_STATUS(shafaf_calendar_holidays_in_year_json(calendar, 2026, &holidays), SHAFAF_STATUS_OK);
    /* 11 civil (Unity Day from 2026) + 2026-03-02 + 2026-03-20 (replacing the announced Aid al-Fitr of
       20-21 March) + the estimated Aid al-Adha (2 days), 1 Muharram (1) and Aid al-Mawlid (2). */
    CHECK(jm_array_length(holidays) == 18);
    CHECK_STATUS(shafaf_calendar_holidays_in_year_json(bare, 2026, &again), SHAFAF_STATUS_OK);
    CHECK(take_equals(again, "[]"));
    CHECK_STATUS(shafaf_calendar_load_json(bare, holidays, "copy", &added), SHAFAF_STATUS_OK);
    CHECK(added == 18);
    CHECK_STATUS(shafaf_calendar_holidays_in_year_json(bare, 2026, &again), SHAFAF_STATUS_OK);
    CHECK(holidays && again && strcmp(holidays, again) == 0);
    shafaf_string_free(holidays);
    shafaf_string_free(again);
    shafaf_calendar_free(bare);
    shafaf_calendar_free(calendar);
}

/* Built-in religious holidays: announced dates with their sources, estimates with a margin, and
   date answers that say which holidays they assumed and where an estimate could move them. */
static void test_religious_holidays(void) {
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    char *json = NULL;
    char text[64] = "";
    CHECK_STATUS(shafaf_calendar_religious_holidays_json(calendar, 2024, &json), SHAFAF_STATUS_OK);
    CHECK(jm_array_length(json) == 4);
    CHECK(contains(json, "\"status\":\"official\"") && !contains(json, "\"estimated\""));
    CHECK(contains(json, "\"first_day\":\"2024-06-17\"") && contains(json, "le360.ma"));
    shafaf_string_free(json);
    CHECK_STATUS(shafaf_calendar_religious_holidays_json(calendar, 2027, &json), SHAFAF_STATUS_OK);
    CHECK(jm_array_length(json) == 4 && contains(json, "\"status\":\"estimated\""));
    shafaf_string_free(json);

    /* Aid al-Adha 1448, estimated Monday 17 May 2027 (two days, +/- 1 day). */
    json = NULL;
    CHECK_STATUS(shafaf_calendar_next_working_day_json(calendar, "2027-05-14", &json), SHAFAF_STATUS_OK);
    CHECK(jm_string(jm_member(json, "date"), text, sizeof text) && strcmp(text, "2027-05-19") == 0);
    CHECK(strncmp(jm_member(jm_member(json, "assumptions"), "could_move"), "true", 4) == 0);
    CHECK(jm_array_length(jm_member(json, "could_also_be")) == 2);
    CHECK(contains(json, "\"feast\":\"eid_al_adha\""));
    shafaf_string_free(json);
    CHECK_STATUS(shafaf_calendar_add_working_days_json(calendar, "2027-05-14", 2, &json), SHAFAF_STATUS_OK);
    CHECK(jm_string(jm_member(json, "date"), text, sizeof text) && strcmp(text, "2027-05-20") == 0);
    shafaf_string_free(json);

    /* A supplied date replaces the estimate, and the answer no longer depends on one. */
    CHECK_STATUS(shafaf_calendar_add_holiday(calendar, "2027-05-18", SHAFAF_HOLIDAY_KIND_RELIGIOUS, NULL,
                                             "Aid Al-Adha", NULL),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_next_working_day_json(calendar, "2027-05-14", &json), SHAFAF_STATUS_OK);
    CHECK(jm_string(jm_member(json, "date"), text, sizeof text) && strcmp(text, "2027-05-17") == 0);
    CHECK(jm_array_length(jm_member(json, "could_also_be")) == 0);
    shafaf_string_free(json);

    /* Errors leave the out-parameter alone. */
    json = NULL;
    CHECK_STATUS(shafaf_calendar_next_working_day_json(calendar, "2027-02-30", &json), SHAFAF_STATUS_INVALID_DATE);
    CHECK(json == NULL);
    CHECK_STATUS(shafaf_calendar_religious_holidays_json(NULL, 2027, &json), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == NULL);

    /* A session an estimate could move: the province council of June 2051. */
    CHECK_STATUS(shafaf_next_ordinary_session_json(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2051-06-01",
                                                   SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, &json),
                 SHAFAF_STATUS_OK);
    CHECK(jm_array_length(jm_member(json, "could_also_meet_on")) == 1 && contains(json, "2051-06-13"));
    shafaf_string_free(json);
    CHECK_STATUS(shafaf_next_ordinary_session_describe(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2051-06-01",
                                                       SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, SHAFAF_LANG_EN,
                                                       &json),
                 SHAFAF_STATUS_OK);
    CHECK(contains(json, "could meet on Tuesday 13 June 2051"));
    shafaf_string_free(json);
    shafaf_calendar_free(calendar);
}

static void test_sessions(void) {
    shafaf_level level = SHAFAF_LEVEL_REGION;
    CHECK_STATUS(shafaf_level_parse("province", &level), SHAFAF_STATUS_OK);
    CHECK(level == SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE);
    CHECK_STATUS(shafaf_level_parse("commune", &level), SHAFAF_STATUS_OK);
    CHECK(level == SHAFAF_LEVEL_COMMUNE);

    /* NULL calendar: the default Moroccan calendar. */
    shafaf_session_dates dates;
    CHECK_STATUS(shafaf_next_ordinary_session(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01",
                                              SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, &dates),
                 SHAFAF_STATUS_OK);
    CHECK(strcmp(dates.first_day, "2027-01-12") == 0);
    CHECK(strcmp(dates.last_day, "2027-01-12") == 0);
    CHECK(strcmp(dates.moved_from, "2027-01-11") == 0);

    char *text = NULL;
    CHECK_STATUS(shafaf_next_ordinary_session_describe(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01",
                                                       SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, SHAFAF_LANG_FR,
                                                       &text),
                 SHAFAF_STATUS_OK);
    CHECK(contains(text, "mardi 12 janvier 2027"));
    CHECK(contains(text, "LO 112-14, art. 34"));
    shafaf_string_free(text);
    CHECK_STATUS(shafaf_next_ordinary_session_describe(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01", 0,
                                                       SHAFAF_LANG_EN, &text),
                 SHAFAF_STATUS_OK);
    CHECK(contains(text, "Tuesday 12 January 2027"));
    shafaf_string_free(text);
    CHECK_STATUS(shafaf_next_ordinary_session_describe(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01", 0,
                                                       SHAFAF_LANG_AR, &text),
                 SHAFAF_STATUS_OK);
    CHECK(contains(text, "\xd8\xa7\xd9\x84\xd8\xab\xd9\x84\xd8\xa7\xd8\xab\xd8\xa7\xd8\xa1 12")); /* الثلاثاء 12 */
    shafaf_string_free(text);

    char *json = NULL;
    char value[64];
    CHECK_STATUS(shafaf_next_ordinary_session_json(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01", 0, &json),
                 SHAFAF_STATUS_OK);
    CHECK(jm_string(jm_member(json, "first_day"), value, sizeof value) && strcmp(value, "2027-01-12") == 0);
    CHECK(jm_string(jm_member(json, "moved_from"), value, sizeof value) && strcmp(value, "2027-01-11") == 0);
    CHECK(jm_array_length(jm_member(json, "moved_because_of")) == 1);
    shafaf_string_free(json);

    /* Communes: a window; the counting policy decides when "after" falls inside it. */
    CHECK_STATUS(shafaf_next_ordinary_session(NULL, SHAFAF_LEVEL_COMMUNE, "2027-02-03",
                                              SHAFAF_WINDOW_COUNTING_WINDOW_ENDS_AFTER, &dates),
                 SHAFAF_STATUS_OK);
    CHECK(strcmp(dates.first_day, "2027-02-01") == 0 && strcmp(dates.last_day, "2027-02-07") == 0);
    CHECK(dates.moved_from[0] == '\0');
    CHECK_STATUS(shafaf_ordinary_sessions_in_year_json(NULL, SHAFAF_LEVEL_COMMUNE, 2027, &json), SHAFAF_STATUS_OK);
    CHECK(jm_array_length(json) == 3);
    shafaf_string_free(json);

    /* A calendar with a supplied holiday moves the region's session. */
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_load_file(calendar, "tests/data/holidays-test.json", NULL), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_next_ordinary_session(calendar, SHAFAF_LEVEL_REGION, "2026-03-01", 0, &dates),
                 SHAFAF_STATUS_OK);
    CHECK(strcmp(dates.first_day, "2026-03-03") == 0 && strcmp(dates.moved_from, "2026-03-02") == 0);
    shafaf_calendar_free(calendar);
}

/* ------------------------------------------------------------------------------------------- */
/* Petitions                                                                                    */

/* The request of tests/data/petitions/region-bmk-admissible.json, without its signatories_csv. */
static const char *const BMK_REQUEST =
    "{\"level\": \"region\", \"territory\": \"MA-05\", \"petitioner\": {\"kind\": \"citizens\"},"
    " \"subject\": {\"within_attributions\": true, \"touches_constitutional_constants\": false,"
    " \"common_interest\": true}, \"documents\": {\"cin_copies\": true},"
    " \"received\": \"2026-03-02\", \"decision\": \"2026-04-15\"}";

/* A provincial petition whose signatories must be 18 (birth dates are read). `policy` is the
 * malformed_rows policy, "error" or "exclude". */
static void province_request(char *buf, size_t cap, const char *policy) {
    snprintf(buf, cap,
             "{\"level\": \"prefecture_or_province\", \"territory\": \"MA-AZI\", \"petitioner\": {\"kind\": "
             "\"citizens\"}, \"received\": \"2026-01-05\", \"policies\": {\"malformed_rows\": \"%s\"}}",
             policy);
}

/* Neither the last error message nor its JSON contains any of `secrets` (personal data). */
static bool last_error_keeps_secrets(const char *const *secrets) {
    const char *message = shafaf_last_error_message();
    char *json = NULL;
    if (!message || shafaf_last_error_json(&json) != SHAFAF_STATUS_OK || !json) return false;
    bool ok = true;
    for (const char *const *secret = secrets; *secret; secret++) {
        if (contains(message, *secret) || contains(json, *secret)) {
            fprintf(stderr, "    \"%s\" leaked into the last error: %s\n", *secret, json);
            ok = false;
        }
    }
    shafaf_string_free(json);
    return ok;
}

/* The string member `key` of a verdict JSON equals `expected`. */
static bool verdict_text_is(const char *verdict, const char *key, const char *expected) {
    char value[128];
    return jm_string(jm_member(verdict, key), value, sizeof value) && strcmp(value, expected) == 0;
}

static long long verdict_count(const char *verdict, const char *key) {
    long long value = -1;
    return jm_integer(jm_member(jm_member(verdict, "signatures"), key), &value) ? value : -1;
}

static void test_petition_rules(void) {
    char *json = NULL;
    CHECK_STATUS(shafaf_petition_rules_json(&json), SHAFAF_STATUS_OK);
    const char *threshold = jm_member(json, "province_signature_threshold");
    CHECK(jm_array_length(jm_member(threshold, "versions")) >= 1);
    long long value = 0;
    CHECK(jm_integer(jm_member(jm_array_item(jm_member(threshold, "versions"), 0), "value"), &value) && value == 300);
    /* The national supporters changed with LO 70-21: two dated versions. */
    CHECK(jm_array_length(jm_member(jm_member(json, "national_petition_min_supporters"), "versions")) == 2);
    shafaf_string_free(json);
    CHECK_STATUS(shafaf_petition_rules_json(NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out_json`"));
}

static void test_petition_one_shot(void) {
    /* The same petition as a file and as text gives the same verdict. */
    char *from_file = NULL, *from_text = NULL;
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/commune-inline-signatories.json",
                                            &from_file),
                 SHAFAF_STATUS_OK);
    char *document = read_text_file("tests/data/petitions/commune-inline-signatories.json");
    CHECK(document != NULL);
    CHECK_STATUS(shafaf_petition_check_json(NULL, NULL, document, &from_text), SHAFAF_STATUS_OK);
    CHECK(from_file && from_text && strcmp(from_file, from_text) == 0);
    CHECK(verdict_text_is(from_file, "outcome", "inadmissible"));
    CHECK(verdict_count(from_file, "submitted") == 5 && verdict_count(from_file, "valid") == 2);

    /* The readable report, with and without the JSON. */
    char *json = NULL, *text = NULL;
    CHECK_STATUS(shafaf_petition_check_json_text(NULL, NULL, document, SHAFAF_LANG_FR, &json, &text), SHAFAF_STATUS_OK);
    CHECK(contains(text, "Pétition irrecevable") && contains(text, "5 déposées, 2 valides"));
    CHECK(json && from_file && strcmp(json, from_file) == 0);
    shafaf_string_free(json);
    shafaf_string_free(text);
    text = NULL;
    CHECK_STATUS(shafaf_petition_check_file_text(NULL, NULL, "tests/data/petitions/commune-inline-signatories.json",
                                                 SHAFAF_LANG_EN, NULL, &text),
                 SHAFAF_STATUS_OK);
    CHECK(contains(text, "Petition inadmissible"));
    shafaf_string_free(text);
    free(document);

    /* The printable verdict page, in Arabic and French: counts only, no CIN or birth date. */
    char *html = NULL;
    CHECK_STATUS(shafaf_petition_check_file_html(NULL, NULL, "tests/data/petitions/commune-inline-signatories.json",
                                                 SHAFAF_LANG_AR, NULL, &html),
                 SHAFAF_STATUS_OK);
    CHECK(contains(html, "<html lang=\"ar\" dir=\"rtl\">") && contains(html, "@page { size: A4"));
    CHECK(contains(html, "العريضة غير مقبولة") && !contains(html, ">S1<") && !contains(html, "2000-01-01"));
    shafaf_string_free(html);
    html = NULL;
    json = NULL;
    CHECK_STATUS(shafaf_petition_check_file_html(NULL, NULL, "tests/data/petitions/commune-inline-signatories.json",
                                                 SHAFAF_LANG_FR, &json, &html),
                 SHAFAF_STATUS_OK);
    CHECK(contains(html, "Pétition irrecevable") && contains(html, "Les délais") && !contains(html, "1970-05-05"));
    CHECK(json && from_file && strcmp(json, from_file) == 0);
    shafaf_string_free(json);
    shafaf_string_free(html);
    html = (char *)1; /* untouched on error */
    CHECK_STATUS(shafaf_petition_check_file_html(NULL, NULL, "nope.json", SHAFAF_LANG_FR, NULL, &html),
                 SHAFAF_STATUS_IO);
    CHECK(html == (char *)1);

    /* Explicit handles are accepted (and only read). */
    shafaf_territories *territories = NULL;
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_territories_new_embedded(&territories), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    json = NULL;
    CHECK_STATUS(shafaf_petition_check_file(territories, calendar,
                                            "tests/data/petitions/commune-inline-signatories.json", &json),
                 SHAFAF_STATUS_OK);
    CHECK(json && from_file && strcmp(json, from_file) == 0);
    shafaf_string_free(json);
    shafaf_territories_free(territories);
    shafaf_calendar_free(calendar);
    shafaf_string_free(from_file);
    shafaf_string_free(from_text);

    /* Errors: out-parameters untouched. */
    char sentinel_storage = 0;
    char *const sentinel = &sentinel_storage;
    json = sentinel;
    text = sentinel;
    CHECK_STATUS(shafaf_petition_check_json(NULL, NULL, "{\"level\": \"region\", \"territory\": \"MA-05\", "
                                                        "\"petitioner\": {\"kind\": \"citizens\"}, \"received\": "
                                                        "\"2026-03-02\", \"signatories_csv\": \"list.csv\"}",
                                            &json),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK(json == sentinel && last_error_is(1004, 0, "signatories_csv"));
    CHECK_STATUS(shafaf_petition_check_json(NULL, NULL, "{\"level\": \"region\"", &json), SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK(json == sentinel);
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/bad-missing-received.json", &json),
                 SHAFAF_STATUS_MISSING_FIELD);
    CHECK(json == sentinel && last_error_is(1003, 0, "received"));
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/none.json", &json), SHAFAF_STATUS_IO);
    CHECK(json == sentinel);
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, NULL, &json), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel && last_message_contains("`path`"));
    CHECK_STATUS(shafaf_petition_check_json(NULL, NULL, NULL, &json), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`petition_json`"));
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/national-after-2021.json", NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out_verdict_json`"));
    CHECK_STATUS(shafaf_petition_check_file_text(NULL, NULL, "tests/data/petitions/national-after-2021.json",
                                                 (shafaf_lang)3, &json, &text),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`lang`") && json == sentinel && text == sentinel);
    CHECK_STATUS(shafaf_petition_check_file_text(NULL, NULL, "tests/data/petitions/national-after-2021.json",
                                                 SHAFAF_LANG_AR, &json, NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out_text`") && json == sentinel);

    /* A bad CSV row: the row and field are named, the cell (01/02/1980) and the CIN (A2) are not. */
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/bad-signatory-row.json", &json),
                 SHAFAF_STATUS_INVALID_SIGNATORY);
    CHECK(json == sentinel && last_error_is(2001, 3, "birth_date"));
    const char *const csv_secrets[] = {"01/02/1980", "A2,", "\"A2\"", NULL};
    CHECK(last_error_keeps_secrets(csv_secrets));
}

/* Feeds a signatory CSV without quotes (cin,birth_date,residence,activity_in_territory) row by row. */
static bool add_rows_of(shafaf_petition_check *pc, const char *path) {
    char *text = read_text_file(path);
    if (!text) return false;
    bool ok = true;
    uint64_t row = 0;
    for (char *line = strtok(text, "\n"); line && ok; line = strtok(NULL, "\n")) {
        row++;
        if (row == 1) continue; /* the header */
        char *cells[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4 && cells[i - 1]; i++) {
            char *comma = strchr(cells[i - 1], ',');
            if (comma) {
                *comma = '\0';
                cells[i] = comma + 1;
            }
        }
        ok = cells[3] != NULL &&
             shafaf_petition_check_add(pc, row, cells[0], cells[1], cells[2], strcmp(cells[3], "true") == 0, -1,
                                       NULL) == SHAFAF_STATUS_OK;
    }
    free(text);
    return ok;
}

static void test_petition_streaming(void) {
    const char *csv_path = "tests/data/petitions/region-bmk-400.csv";
    char *expected = NULL;
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "tests/data/petitions/region-bmk-admissible.json", &expected),
                 SHAFAF_STATUS_OK);
    CHECK(verdict_text_is(expected, "outcome", "admissible"));

    /* 1. The CSV file through the handle, with explicit territories and calendar freed right after
     *    _new (the pc keeps its own copy: AddressSanitizer would see a use after free). */
    shafaf_territories *territories = NULL;
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_territories_new_embedded(&territories), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    shafaf_petition_check *pc = NULL;
    CHECK_STATUS(shafaf_petition_check_new(territories, calendar, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    shafaf_territories_free(territories);
    shafaf_calendar_free(calendar);
    uint64_t submitted = 99;
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_OK);
    CHECK(submitted == 0);
    CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, csv_path), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_OK);
    CHECK(submitted == 404);
    char *json = NULL;
    CHECK_STATUS(shafaf_petition_check_finish(pc, &json), SHAFAF_STATUS_OK);
    CHECK(json && expected && strcmp(json, expected) == 0);
    shafaf_string_free(json);
    shafaf_petition_check_free(pc);

    /* 2. The same rows one by one (rows = line numbers, as in the file): the same verdict. */
    pc = NULL;
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    CHECK(add_rows_of(pc, csv_path));
    json = NULL;
    char *text = NULL;
    CHECK_STATUS(shafaf_petition_check_finish_text(pc, SHAFAF_LANG_FR, &json, &text), SHAFAF_STATUS_OK);
    CHECK(same_but_columns(expected, json));
    CHECK(contains(text, "Pétition recevable"));
    shafaf_string_free(json);
    shafaf_string_free(text);
    shafaf_petition_check_free(pc);

    /* 3. The same CSV from memory. */
    pc = NULL;
    char *csv = read_text_file(csv_path);
    CHECK(csv != NULL);
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add_csv(pc, csv, "region-bmk-400.csv"), SHAFAF_STATUS_OK);
    json = NULL;
    CHECK_STATUS(shafaf_petition_check_finish(pc, &json), SHAFAF_STATUS_OK);
    CHECK(json && expected && strcmp(json, expected) == 0);
    shafaf_string_free(json);
    shafaf_petition_check_free(pc);
    free(csv);
    shafaf_string_free(expected);
}

/* Signatory lists as councils keep them: a workbook chosen by sheet, a CSV written here with
 * French headers and provinces by name, and the typed errors, which never quote a value. */
static const char *const BEM_REQUEST =
    "{\"level\": \"prefecture_or_province\", \"territory\": \"MA-BEM\", \"petitioner\": {\"kind\": \"citizens\"},"
    " \"received\": \"2026-03-02\"}";

static shafaf_status check_list(const char *path, const char *options_json, char **out_json) {
    shafaf_petition_check *pc = NULL;
    shafaf_status status = shafaf_petition_check_new(NULL, NULL, BEM_REQUEST, &pc);
    if (status == SHAFAF_STATUS_OK) status = shafaf_petition_check_add_list_file(pc, path, options_json);
    if (status == SHAFAF_STATUS_OK) status = shafaf_petition_check_finish(pc, out_json);
    shafaf_petition_check_free(pc);
    return status;
}

static bool write_file(const char *path, const char *text) {
    FILE *file = fopen(path, "wb");
    if (!file) return false;
    bool ok = fputs(text, file) >= 0;
    return fclose(file) == 0 && ok;
}

static void test_petition_sheets(void) {
    /* 1. The xlsx fixture, its list on the sheet "Signataires" under a title row. */
    char *json = NULL;
    CHECK_STATUS(check_list("tests/data/petitions/sheets-bem.xlsx", "{\"sheet\": \"Signataires\"}", &json),
                 SHAFAF_STATUS_OK);
    CHECK(contains(json, "\"submitted\":7,\"valid\":4"));
    CHECK(contains(json, "\"header\":\"Observations\",\"status\":\"not_used\""));
    CHECK(contains(json, "\"header\":\"Nom\",\"status\":\"personal_not_read\""));
    CHECK(!contains(json, "AB1") && !contains(json, "Alaoui"));
    shafaf_string_free(json);
    json = NULL;
    CHECK_STATUS(check_list("tests/data/petitions/sheets-bem.xlsx", "{\"sheet\": 1, \"date_format\": \"auto\"}", &json),
                 SHAFAF_STATUS_OK);
    CHECK(contains(json, "\"submitted\":7,\"valid\":4"));
    shafaf_string_free(json);

    /* 2. A CSV written here: Arabic and French headers, D/M/YYYY, names with and without accents. */
    const char *csv_path = "target/c-tests/sheets-c.csv";
    CHECK(write_file(csv_path,
                     "الاسم;N° CIN;تاريخ الازدياد;Province / Préfecture de résidence;Remarque\n"
                     "x;C1;03/04/1990;Béni Mellal;\n"
                     "x;C2;25/12/1985;BENI-MELLAL;\n"
                     "x;C3;1/2/1980;بني ملال;\n"
                     "x;C4;1/2/2012;Beni Mellal;\n"));
    json = NULL;
    CHECK_STATUS(check_list(csv_path, NULL, &json), SHAFAF_STATUS_OK);
    CHECK(contains(json, "\"submitted\":4,\"valid\":3"));
    CHECK(contains(json, "\"rows\":[5]"));
    CHECK(contains(json, "\"code\":\"columns_not_used\""));
    shafaf_string_free(json);

    /* 3. Errors: ambiguous dates, a missing column, no such sheet, bad options. */
    char *sentinel = (char *)"untouched";
    json = sentinel;
    CHECK_STATUS(check_list("tests/data/petitions/sheets-ambiguous-dates.csv", NULL, &json),
                 SHAFAF_STATUS_AMBIGUOUS_DATES);
    CHECK(json == sentinel);
    CHECK(last_message_contains("row 3 can only be month first, so rows 2, 4 could be read either way"));
    CHECK(!last_message_contains("04/13/1990") && !last_message_contains("A2"));
    json = NULL;
    CHECK_STATUS(check_list("tests/data/petitions/sheets-ambiguous-dates.csv", "{\"date_format\": \"mm/dd/yyyy\"}",
                            &json),
                 SHAFAF_STATUS_OK);
    CHECK(contains(json, "\"submitted\":3,\"valid\":3"));
    shafaf_string_free(json);
    CHECK_STATUS(check_list("tests/data/petitions/sheets-no-birth-date.csv", NULL, &json),
                 SHAFAF_STATUS_MISSING_SIGNATORY_COLUMN);
    CHECK(last_message_contains("no `birth_date` column (looked for"));
    CHECK(last_message_contains("\"Date de naissance\"") && last_message_contains("\"تاريخ الازدياد\""));
    CHECK(last_error_is(2002, 1, NULL));
    CHECK_STATUS(check_list("tests/data/petitions/sheets-bem.xlsx", "{\"sheet\": \"Feuil9\"}", &json),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("no sheet named \"Feuil9\""));
    CHECK_STATUS(check_list("tests/data/petitions/sheets-bem.xlsx", "{\"date_format\": \"someday\"}", &json),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK_STATUS(check_list("tests/data/petitions/sheets-bem.xlsx", "{\"sheet\": ", &json),
                 SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK_STATUS(shafaf_petition_check_add_list_file(NULL, csv_path, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
}

static void test_petition_handle_lifecycle(void) {
    char sentinel_storage = 0;
    char *const sentinel = &sentinel_storage;
    shafaf_petition_check *const no_check = (shafaf_petition_check *)(void *)&sentinel_storage;
    shafaf_petition_check *pc = no_check;

    /* _new: errors leave *out alone. */
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, NULL, &pc), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(pc == no_check && last_message_contains("`request_json`"));
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`out`"));
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL,
                                           "{\"level\": \"region\", \"territory\": \"MA-05\", \"petitioner\": "
                                           "{\"kind\": \"citizens\"}}",
                                           &pc),
                 SHAFAF_STATUS_MISSING_FIELD);
    CHECK(pc == no_check && last_error_is(1003, 0, "received"));
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL,
                                           "{\"level\": \"region\", \"territory\": \"MA-99\", \"petitioner\": "
                                           "{\"kind\": \"citizens\"}, \"received\": \"2026-03-02\"}",
                                           &pc),
                 SHAFAF_STATUS_UNKNOWN_TERRITORY);
    CHECK(pc == no_check);
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL,
                                           "{\"level\": \"region\", \"territory\": \"MA-05\", \"petitioner\": "
                                           "{\"kind\": \"citizens\"}, \"received\": \"2015-01-05\"}",
                                           &pc),
                 SHAFAF_STATUS_NO_RULE_IN_FORCE);
    CHECK(pc == no_check);

    /* NULL handles. */
    uint64_t submitted = 77;
    char *json = sentinel;
    CHECK_STATUS(shafaf_petition_check_add(NULL, 2, "AB1", NULL, NULL, false, -1, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`check`"));
    CHECK_STATUS(shafaf_petition_check_add_csv_file(NULL, "x.csv"), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_petition_check_add_csv(NULL, "cin\nA1\n", NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_petition_check_submitted(NULL, &submitted), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(submitted == 77);
    CHECK_STATUS(shafaf_petition_check_finish(NULL, &json), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel && last_message_contains("`check`"));
    shafaf_petition_check_free(NULL);

    /* A live pc: signatory errors name the row and field, never the value. */
    char request[512];
    province_request(request, sizeof request, "error");
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, request, &pc), SHAFAF_STATUS_OK);
    CHECK(pc != no_check && pc != NULL);
    CHECK_STATUS(shafaf_petition_check_add(pc, 2, "ZX987654", "1990-04-01", "MA-AZI", false, -1, NULL),
                 SHAFAF_STATUS_OK);
    CHECK(shafaf_last_error_message() == NULL);
    CHECK_STATUS(shafaf_petition_check_add(pc, 3, "ZX987655", "01/02/1980", "MA-AZI", false, -1, NULL),
                 SHAFAF_STATUS_INVALID_SIGNATORY);
    CHECK(last_error_is(2001, 3, "birth_date") && last_message_contains("row 3"));
    const char *const secrets[] = {"01/02/1980", "ZX987655", "ZX987654", "MA-AZI", NULL};
    CHECK(last_error_keeps_secrets(secrets));
    CHECK_STATUS(shafaf_petition_check_add(pc, 4, "ZX987656", "1990-04-01", "MA-AZI", false, -1, "2030-13-01"),
                 SHAFAF_STATUS_INVALID_SIGNATORY);
    CHECK(last_error_is(2001, 4, "cnie_expiry"));
    const char *const expiry_secrets[] = {"2030-13-01", "ZX987656", "1990-04-01", NULL};
    CHECK(last_error_keeps_secrets(expiry_secrets));
    CHECK_STATUS(shafaf_petition_check_add(pc, 5, "ZX\xff\xfe", "1990-04-01", "MA-AZI", false, -1, NULL),
                 SHAFAF_STATUS_INVALID_SIGNATORY);
    CHECK(last_error_is(2001, 5, "cin"));
    CHECK_STATUS(shafaf_petition_check_add(pc, 6, "ZX987657", "1990-04-01", "MA-AZI", false, 2, NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`registered`") && !last_message_contains("ZX987657"));
    /* The rows in error were not added. */
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_OK);
    CHECK(submitted == 1);
    /* NULL and "" dates and a NULL CIN are missing values, not errors. */
    CHECK_STATUS(shafaf_petition_check_add(pc, 7, "ZX987658", "", NULL, true, 1, ""), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add(pc, 8, NULL, NULL, NULL, false, 0, NULL), SHAFAF_STATUS_OK);
    /* A CSV with a bad row: named by file, row and field; not its cell nor its CIN. */
    CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, "tests/data/petitions/bad-signatory-row.csv"),
                 SHAFAF_STATUS_INVALID_SIGNATORY);
    CHECK(last_error_is(2001, 3, "birth_date") && last_message_contains("bad-signatory-row.csv"));
    const char *const csv_secrets[] = {"01/02/1980", "A2,", "\"A2\"", NULL};
    CHECK(last_error_keeps_secrets(csv_secrets));
    CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, "tests/data/petitions/none.csv"), SHAFAF_STATUS_IO);

    /* Finishing: a NULL out-parameter or a bad lang is reported before the pc is consumed. */
    CHECK_STATUS(shafaf_petition_check_finish(pc, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    char *text = sentinel;
    CHECK_STATUS(shafaf_petition_check_finish_text(pc, (shafaf_lang)9, &json, &text), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel && text == sentinel);
    CHECK_STATUS(shafaf_petition_check_finish_text(pc, SHAFAF_LANG_EN, &json, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel);
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_OK);
    CHECK(submitted == 4); /* rows 2, 7, 8 and row 2 of the CSV (A1) */
    json = NULL;
    CHECK_STATUS(shafaf_petition_check_finish(pc, &json), SHAFAF_STATUS_OK);
    CHECK(verdict_text_is(json, "outcome", "inadmissible"));
    CHECK(verdict_count(json, "submitted") == 4 && verdict_count(json, "valid") == 2);
    CHECK(!contains(json, "ZX98765") && !contains(json, "1990-04-01")); /* rows only, never a CIN */
    shafaf_string_free(json);

    /* After finish: only _free. A second finish is an invalid argument and writes nothing. */
    json = sentinel;
    CHECK_STATUS(shafaf_petition_check_finish(pc, &json), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel && last_message_contains("finished"));
    CHECK_STATUS(shafaf_petition_check_finish_text(pc, SHAFAF_LANG_AR, &json, &text), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(json == sentinel && text == sentinel);
    CHECK_STATUS(shafaf_petition_check_add(pc, 9, "ZX1", NULL, NULL, false, -1, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("finished"));
    CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, "tests/data/petitions/region-bmk-400.csv"),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    submitted = 55;
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(submitted == 55);
    shafaf_petition_check_free(pc);

    /* Under "malformed_rows": "exclude", a bad date is counted as an excluded row instead. */
    province_request(request, sizeof request, "exclude");
    pc = NULL;
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, request, &pc), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add(pc, 3, "ZX987655", "01/02/1980", "MA-AZI", false, -1, NULL),
                 SHAFAF_STATUS_OK);
    json = NULL;
    CHECK_STATUS(shafaf_petition_check_finish(pc, &json), SHAFAF_STATUS_OK);
    const char *excluded = jm_array_item(jm_member(jm_member(json, "signatures"), "excluded"), 0);
    CHECK(verdict_text_is(excluded, "reason", "malformed_row"));
    CHECK(jm_array_length(jm_member(excluded, "rows")) == 1);
    CHECK(verdict_count(json, "submitted") == 1 && verdict_count(json, "valid") == 0);
    shafaf_string_free(json);
    shafaf_petition_check_free(pc);

    /* A pc freed without finishing (LeakSanitizer checks nothing is left). */
    pc = NULL;
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add(pc, 2, "AB1", "1980-01-01", "MA-BEM", false, -1, NULL), SHAFAF_STATUS_OK);
    shafaf_petition_check_free(pc);
}

/* The last error is per thread: an error in another thread is not seen here. */
static int failing_thread(void *arg) {
    (void)arg;
    char *out = NULL;
    shafaf_status status = shafaf_add_months("2027-13-01", 1, &out);
    return status == SHAFAF_STATUS_INVALID_DATE && out == NULL && last_message_contains("2027-13-01");
}

/* --- Budgets --- */

static const char *TINY_INFO = "{\"fiscal_year\": 2025, \"title\": {\"fr\": \"Budget minuscule (tests)\"}}";
static const char *TINY_OPTIONS =
    "{\"unit\": \"thousands\", \"decimals\": 0,"
    " \"population\": {\"source\": \"given\", \"population\": 1200, \"reference\": \"Test census 2024\"}}";

/* A citizen budget as JSON (NULL on error). */
static char *citizen_json(const shafaf_budget *budget, const shafaf_budget *previous) {
    char *json = NULL;
    if (shafaf_budget_render(budget, previous, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_EN, NULL, &json) !=
        SHAFAF_STATUS_OK) {
        return NULL;
    }
    return json;
}

/* The lines of tests/data/budget/tiny.csv given one by one give the same citizen budget as the
 * file read by the library. */
static void test_budget_lines_one_by_one(void) {
    shafaf_budget *budget = NULL;
    CHECK_STATUS(shafaf_budget_new(TINY_INFO, TINY_OPTIONS, &budget), SHAFAF_STATUS_OK);
    const shafaf_budget_line lines[] = {
        {.row = 2, .direction = SHAFAF_DIRECTION_REVENUE, .part = SHAFAF_PART_OPERATING, .economic = "1111",
         .label = "Part de l'IR", .amount = "600000.00"},
        {.row = 3, .direction = SHAFAF_DIRECTION_REVENUE, .part = SHAFAF_PART_OPERATING, .economic = "1331",
         .label = "Contribution de l'État", .amount = "400000.00"},
        {.row = 4, .direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_OPERATING, .functional = "01.1",
         .economic = "22", .label = "Fonctionnement du conseil", .amount = "233333.40"},
        {.row = 5, .direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_OPERATING, .functional = "01.3",
         .economic = "21", .label = "Personnel", .amount = "100000.00"},
        {.row = 6, .direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_EQUIPMENT, .functional = "04.5",
         .economic = "31", .label = "Routes", .amount = "333333.30"},
        {.row = 7, .direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_EQUIPMENT, .functional = "99",
         .economic = "31", .label = "Code inconnu", .amount = "333333.30"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        CHECK_STATUS(shafaf_budget_add_line(budget, &lines[i]), SHAFAF_STATUS_OK);
    }
    CHECK_STATUS(shafaf_budget_skip(budget, 8, SHAFAF_SKIP_REASON_NOT_PUBLISHED, NULL), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_skip(budget, 9, SHAFAF_SKIP_REASON_BLANK_AMOUNT, NULL), SHAFAF_STATUS_OK);
    uint64_t count = 0;
    CHECK_STATUS(shafaf_budget_line_count(budget, &count), SHAFAF_STATUS_OK);
    CHECK(count == 6);

    shafaf_budget *from_file = NULL;
    char *report = NULL;
    CHECK_STATUS(shafaf_budget_new_from_csv_file(TINY_INFO, TINY_OPTIONS, "tests/data/budget/tiny.csv", NULL,
                                                 &from_file, &report),
                 SHAFAF_STATUS_OK);
    CHECK(contains(report, "\"rows\":8") && contains(report, "\"lines\":6") && contains(report, "\"skipped\":2"));
    shafaf_string_free(report);

    char *one_by_one = citizen_json(budget, NULL), *read = citizen_json(from_file, NULL);
    CHECK(one_by_one && read && strcmp(one_by_one, read) == 0);
    /* The largest-remainder figures of the fixture (tests/data/budget/README.md). */
    const char *expenditure = jm_member(one_by_one, "expenditure");
    char text[32];
    CHECK(jm_string(jm_member(expenditure, "total"), text, sizeof text) && strcmp(text, "1000000.00") == 0);
    CHECK(jm_string(jm_member(jm_array_item(jm_member(expenditure, "rows"), 0), "displayed"), text, sizeof text) &&
          strcmp(text, "334") == 0);
    shafaf_string_free(one_by_one);
    shafaf_string_free(read);

    /* Rendering does not consume: more lines, then another rendering. Row 0 is numbered by the
     * handle (the 9th row given one by one). */
    const shafaf_budget_line more = {.direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_OPERATING,
                                     .functional = "77", .amount = "-0.01"};
    CHECK_STATUS(shafaf_budget_add_line(budget, &more), SHAFAF_STATUS_OK);
    char *after = citizen_json(budget, NULL);
    CHECK(contains(after, "\"expenditure/functional/77\"") == false); /* the summary key is the runner's */
    CHECK(contains(after, "\"code\":\"77\"") && contains(after, "\"rows\":[9]"));
    CHECK(contains(after, "\"total\":\"999999.99\""));
    shafaf_string_free(after);

    /* Every format, every language. */
    char *out = NULL;
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_MARKDOWN, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "# Budget minuscule (tests)"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_HTML, SHAFAF_LANG_AR,
                                      "{\"participation\": {\"ar\": \"الدورات عمومية\"}}", &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "<!DOCTYPE html>") && contains(out, "dir=\"rtl\"") && contains(out, "<svg"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_CSV, SHAFAF_LANG_EN, NULL, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "table,direction,id,kind,label,amount,displayed"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_budget_checklist_json(budget, NULL, NULL, NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"id\":\"CB-01\"") && contains(out, "\"counts\":["));
    shafaf_string_free(out);

    shafaf_budget_free(from_file);
    shafaf_budget_free(budget);
}

static void test_budget_ministry_layout(void) {
    shafaf_budget *budget = NULL;
    char *report = NULL;
    CHECK_STATUS(shafaf_budget_new_from_layout_file(NULL, NULL, "tests/data/budget/commune-ministry-layout.csv",
                                                    NULL, &budget, &report),
                 SHAFAF_STATUS_OK);
    /* The voted column of 2019, the 2018 one as previous year, the wrong article total. */
    CHECK(contains(report, "\"header\":\"Admises pour 2019\"") && contains(report, "\"fiscal_year\":2019"));
    CHECK(contains(report, "\"row\":10") && contains(report, "\"printed\":\"830000.00\"") &&
          contains(report, "\"computed\":\"830000.50\""));
    shafaf_string_free(report);
    char *citizen = citizen_json(budget, NULL);
    CHECK(citizen && contains(citizen, "\"subtotal_mismatch\"") && contains(citizen, "\"own_taxes\"") &&
          contains(citizen, "\"state_transfers\"") && contains(citizen, "\"staff\""));
    CHECK(contains(citizen, "\"fiscal_year\":2019"));
    shafaf_string_free(citizen);
    shafaf_budget_free(budget);

    /* Bad input: a typed error naming the cell; an unknown layout option. */
    budget = NULL;
    CHECK_STATUS(shafaf_budget_new_from_layout_file(NULL, NULL, "tests/data/budget/tiny.csv", NULL, &budget, NULL),
                 SHAFAF_STATUS_MISSING_COLUMN);
    CHECK(budget == NULL);
    CHECK_STATUS(shafaf_budget_new_from_layout_file(NULL, NULL, "tests/data/budget/commune-ministry-layout.csv",
                                                    "{\"colour\": 1}", &budget, NULL),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK(last_message_contains("colour"));
    CHECK_STATUS(shafaf_budget_new_from_layout_file(NULL, NULL, "tests/data/budget/commune-ministry-layout.csv",
                                                    "{\"amount\": \"Crédits 2030\"}", &budget, NULL),
                 SHAFAF_STATUS_MISSING_COLUMN);
    CHECK(last_message_contains("Admises pour 2019"));
}

static void test_budget_errors(void) {
    shafaf_budget *budget = NULL;
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", NULL, &budget), SHAFAF_STATUS_OK);

    /* A bad amount names the row and the field; the line is not added and the budget stays usable. */
    const char *bad_amounts[] = {"1 200", "1,200.00", "+5", "1e3", "12.", ".5", "douze", "0.12345678901234567890123456789"};
    for (size_t i = 0; i < sizeof bad_amounts / sizeof bad_amounts[0]; i++) {
        shafaf_budget_line line = {.row = 7, .direction = SHAFAF_DIRECTION_EXPENDITURE, .amount = bad_amounts[i]};
        CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_AMOUNT);
        CHECK(last_error_is(4001, 7, "amount"));
    }
    CHECK(last_message_contains("budget lines, row 7, field `amount`"));
    shafaf_budget_line line = {.row = 8, .direction = SHAFAF_DIRECTION_REVENUE, .amount = "10", .previous_amount = "x"};
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_AMOUNT);
    CHECK(last_error_is(4001, 8, "previous_amount"));
    line.previous_amount = "";
    line.amount = NULL;
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_MISSING_FIELD);
    CHECK(last_error_is(1003, 8, "amount"));
    line.amount = "10";
    line.direction = 0;
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("line.direction") && last_message_contains("row 8"));
    line.direction = 3;
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_ARGUMENT);
    line.direction = SHAFAF_DIRECTION_REVENUE;
    line.part = 3;
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_ARGUMENT);
    line.part = SHAFAF_PART_UNKNOWN;
    line.label = "\xff\xfe";
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_VALUE);
    CHECK(last_error_is(1004, 8, "label"));
    line.label = NULL;
    CHECK_STATUS(shafaf_budget_add_line(NULL, &line), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_add_line(budget, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`line`"));
    CHECK_STATUS(shafaf_budget_skip(budget, 9, 4, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_skip(budget, 9, SHAFAF_SKIP_REASON_OTHER_FISCAL_YEAR, "1,5"), SHAFAF_STATUS_INVALID_AMOUNT);
    uint64_t count = 99;
    CHECK_STATUS(shafaf_budget_line_count(budget, &count), SHAFAF_STATUS_OK);
    CHECK(count == 0);
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_skip(budget, 9, SHAFAF_SKIP_REASON_OTHER_FISCAL_YEAR, "12.5"), SHAFAF_STATUS_OK);

    /* Documents: malformed, unknown fields, options out of range. */
    shafaf_budget *other = NULL;
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": ", NULL, &other), SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK_STATUS(shafaf_budget_new("{}", NULL, &other), SHAFAF_STATUS_INVALID_VALUE);
    CHECK(last_message_contains("fiscal_year"));
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025, \"year\": 1}", NULL, &other), SHAFAF_STATUS_INVALID_VALUE);
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", "{\"decimals\": 9}", &other), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("decimals"));
    CHECK_STATUS(shafaf_budget_new(NULL, NULL, &other), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", NULL, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(other == NULL);

    /* Files: a bad amount in a CSV names the file, row and column; a missing file is io. */
    CHECK_STATUS(shafaf_budget_add_csv_file(budget, "tests/data/budget/bad-amount.csv", NULL, NULL),
                 SHAFAF_STATUS_INVALID_AMOUNT);
    CHECK(last_error_is(4001, 4, "amount") && last_message_contains("bad-amount.csv"));
    CHECK_STATUS(shafaf_budget_add_csv_file(budget, "tests/data/budget/no-such.csv", NULL, NULL), SHAFAF_STATUS_IO);
    CHECK_STATUS(shafaf_budget_add_csv(budget, "direction;amount\nexpenditure;1,5\n", "inline.csv",
                                       "{\"delimiter\": \";\"}", NULL),
                 SHAFAF_STATUS_INVALID_AMOUNT);
    CHECK(last_error_is(4001, 2, "amount") && last_message_contains("inline.csv"));
    char *report = NULL;
    CHECK_STATUS(shafaf_budget_add_csv(budget, "sens;montant\ndépense;1 234,50\n", NULL,
                                       "{\"delimiter\": \";\", \"decimal_comma\": true}", &report),
                 SHAFAF_STATUS_OK);
    CHECK(contains(report, "\"source\":\"budget CSV\"") && contains(report, "\"lines\":1"));
    shafaf_string_free(report);
    CHECK_STATUS(shafaf_budget_add_csv(budget, "amount\n1\n", NULL, "{\"delimiter\": \";;\"}", NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);

    /* Rendering: enums checked, out-parameters untouched on error. */
    char sentinel = 0;
    char *out = &sentinel;
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, 4, SHAFAF_LANG_FR, NULL, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_JSON, 3, NULL, &out),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_HTML, SHAFAF_LANG_FR, "{", &out),
                 SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK_STATUS(shafaf_budget_render(NULL, NULL, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(out == &sentinel);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, NULL),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    /* A territory the territories do not know, when its legal population is asked for. */
    shafaf_budget *elsewhere = NULL;
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025, \"territory\": \"XX-99\"}", NULL, &elsewhere),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_render(elsewhere, NULL, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_UNKNOWN_TERRITORY);
    shafaf_budget_free(elsewhere);

    /* A previous budget summed with other mappings cannot be compared. */
    shafaf_budget *previous = NULL;
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2024}", "{\"mapping\": {\"preset\": \"commune\"}}", &previous),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_render(budget, previous, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_INCOMPATIBLE_BUDGETS);
    CHECK(out == &sentinel);
    shafaf_budget_free(previous);

    /* An overflow leaves the sums unknown: the budget refuses everything but _free. */
    shafaf_budget_free(budget);
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", NULL, &budget), SHAFAF_STATUS_OK);
    shafaf_budget_line huge = {.row = 20, .direction = SHAFAF_DIRECTION_REVENUE, .amount = "79228162514264337593543950335"};
    CHECK_STATUS(shafaf_budget_add_line(budget, &huge), SHAFAF_STATUS_OK);
    huge.row = 21;
    CHECK_STATUS(shafaf_budget_add_line(budget, &huge), SHAFAF_STATUS_AMOUNT_OVERFLOW);
    CHECK(last_error_is(4006, 21, NULL));
    CHECK_STATUS(shafaf_budget_add_line(budget, &line), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("unusable"));
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_JSON, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_line_count(budget, &count), SHAFAF_STATUS_INVALID_ARGUMENT);
    shafaf_budget_free(budget);
    shafaf_budget_free(NULL);
}

static void test_budget_embedded_and_fdp(void) {
    shafaf_budget *bmk = NULL;
    CHECK_STATUS(shafaf_budget_new_embedded_bmk(&bmk), SHAFAF_STATUS_OK);
    char *json = citizen_json(bmk, NULL);
    CHECK(contains(json, "\"total_displayed\":\"773.0\"") && contains(json, "\"population\":2525801"));
    CHECK(contains(json, "\"expenditure_per_day\":\"0.84\"") && contains(json, "\"illustrative\":true"));

    /* The same budget from its documents. */
    char *budget_json = NULL, *options_json = NULL;
    CHECK_STATUS(shafaf_budget_embedded_bmk_json(NULL, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_budget_embedded_bmk_json(&budget_json, &options_json), SHAFAF_STATUS_OK);
    shafaf_budget *again = NULL;
    CHECK_STATUS(shafaf_budget_new_from_json(budget_json, options_json, &again), SHAFAF_STATUS_OK);
    char *again_json = citizen_json(again, NULL);
    CHECK(json && again_json && strcmp(json, again_json) == 0);
    shafaf_string_free(again_json);
    shafaf_string_free(budget_json);
    shafaf_string_free(options_json);
    shafaf_budget_free(again);
    CHECK_STATUS(shafaf_budget_new_from_json("{\"info\": {\"fiscal_year\": 2025}, \"lines\": [{\"amount\": \"1\"}]}",
                                             NULL, &again),
                 SHAFAF_STATUS_MISSING_FIELD);
    CHECK(last_error_is(1003, 1, "direction"));

    /* A Fiscal Data Package: read into a new budget, and added to an existing one. */
    shafaf_budget *package = NULL;
    char *read = NULL;
    CHECK_STATUS(shafaf_budget_new_from_fdp("tests/data/budget/fdp-tiny", NULL, NULL, &package, &read), SHAFAF_STATUS_OK);
    CHECK(contains(read, "\"fiscal_year\":2025") && contains(read, "\"currency\":\"MAD\"") &&
          contains(read, "\"measure\":\"amount\""));
    shafaf_string_free(read);
    CHECK_STATUS(shafaf_budget_add_fdp(package, "tests/data/budget/fdp-tiny/datapackage.json", "{}", NULL),
                 SHAFAF_STATUS_OK);
    uint64_t count = 0;
    CHECK_STATUS(shafaf_budget_line_count(package, &count), SHAFAF_STATUS_OK);
    CHECK(count == 6);
    CHECK_STATUS(shafaf_budget_add_fdp(package, "tests/data/budget/fdp-tiny", "{\"measure\": \"value\"}", NULL),
                 SHAFAF_STATUS_INVALID_FISCAL_DATA_PACKAGE);
    CHECK_STATUS(shafaf_budget_add_fdp(package, "tests/data/budget/no-such-package", NULL, NULL), SHAFAF_STATUS_IO);
    shafaf_budget_free(package);

    /* The citizen budget as a package reads back with the same totals. */
    CHECK_STATUS(shafaf_budget_write_fdp(bmk, NULL, NULL, SHAFAF_LANG_FR, "target/c-tests/bmk-citizen-fdp"),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_new_from_fdp("target/c-tests/bmk-citizen-fdp", NULL, NULL, &package, NULL),
                 SHAFAF_STATUS_OK);
    shafaf_string_free(json);
    json = citizen_json(package, NULL);
    CHECK(contains(json, "\"total\":\"773000000"));
    shafaf_string_free(json);
    shafaf_budget_free(package);
    shafaf_budget_free(bmk);
}

/* --- Commitments --- */

static void test_commitments(void) {
    char *plan = NULL;
    CHECK_STATUS(shafaf_plan_embedded_bmk_json(&plan), SHAFAF_STATUS_OK);
    CHECK(contains(plan, "\"id\":\"MABMK0007\"") && contains(plan, "\"id\":\"MABMK0008\""));

    char *out = NULL;
    CHECK_STATUS(shafaf_plan_validate_json(plan, NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"valid\":true") && contains(out, "\"rule\":\"H2\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_status_json(plan, "2025-06-30", "{}", &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"as_of\":\"2025-06-30\"") && contains(out, "\"status\":\"not_started\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_assess_json(plan, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"commitment\":\"MABMK0008\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_check_cocreation_json(plan, "2025-06-30", NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"requirement\":\"L1.3\"") && !contains(out, "\"requirement\":\"1.1\""));
    shafaf_string_free(out);
    /* Assessment schedule: BMK was submitted on 30 November 2022, so its Inception Assessment was
       due on 30 January 2023 (2 months); its commitments are not reported completed. */
    CHECK_STATUS(shafaf_plan_assessment_schedule_json(plan, "2023-01-30", NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"product\":\"inception_assessment\"") && contains(out, "\"due_on\":\"2023-01-30\""));
    CHECK(contains(out, "\"status\":\"upcoming\"") && !contains(out, "\"status\":\"overdue\""));
    shafaf_string_free(out);
    const char *latest = "{\"schedule\": {\"plan_end\": \"latest_declared\"}}";
    CHECK_STATUS(shafaf_plan_assessment_schedule_json(plan, "2023-01-31", latest, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"status\":\"overdue\"") && contains(out, "\"missing\":\"completion\""));
    CHECK(contains(out, "\"counts\":{\"received\":0,\"overdue\":1,\"upcoming\":0,\"undetermined\":2}"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_progress_report_json(plan, "2025-06-30", NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"cocreation\":") && contains(out, "\"generator\":\"shafaf "));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_commitment_table_json(plan, "2025-06-30", NULL, &out), SHAFAF_STATUS_OK);
    CHECK(out && out[0] == '[' && jm_array_length(out) == 2);
    shafaf_string_free(out);

    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, SHAFAF_REPORT_FORMAT_MARKDOWN, SHAFAF_LANG_EN, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "MABMK0007"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, SHAFAF_REPORT_FORMAT_HTML, SHAFAF_LANG_AR, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "<!DOCTYPE html>") && contains(out, "dir=\"rtl\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, SHAFAF_REPORT_FORMAT_HTML_FRAGMENT, SHAFAF_LANG_FR, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "<div") && !contains(out, "<!DOCTYPE html>"));
    shafaf_string_free(out);

    /* Errors, out-parameters untouched. */
    char sentinel = 0;
    out = &sentinel;
    CHECK_STATUS(shafaf_plan_status_json(plan, "2025-02-30", NULL, &out), SHAFAF_STATUS_INVALID_DATE);
    CHECK(last_message_contains("2025-02-30"));
    CHECK_STATUS(shafaf_plan_status_json(plan, NULL, NULL, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_plan_validate_json("{\"id\": ", NULL, &out), SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK_STATUS(shafaf_plan_validate_json(NULL, NULL, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(last_message_contains("`plan_json`"));
    CHECK_STATUS(shafaf_plan_validate_json(plan, "{\"progress\": {\"missing_percent\": \"half\"}}", &out),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, 3, SHAFAF_LANG_FR, &out), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, SHAFAF_REPORT_FORMAT_HTML, 9, &out),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(shafaf_plan_assessment_schedule_json(plan, "2025-06-30", "{\"schedule\": {\"plan_end\": \"last\"}}", &out),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK_STATUS(shafaf_plan_assessment_schedule_json(plan, "30/06/2025", NULL, &out), SHAFAF_STATUS_INVALID_DATE);
    CHECK_STATUS(shafaf_plan_assess_json(plan, NULL), SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(out == &sentinel);

    /* Decidim: export both files or neither; the export reads back. */
    char *small = read_text_file("tests/data/commitment/plan-decidim.json");
    CHECK(small != NULL);
    char *results = &sentinel, *timeline = NULL, *findings = NULL;
    CHECK_STATUS(shafaf_decidim_export(small, "2024-07-01", NULL, NULL, &results, NULL, &findings),
                 SHAFAF_STATUS_INVALID_ARGUMENT);
    CHECK(results == &sentinel && findings == NULL);
    CHECK_STATUS(shafaf_decidim_export(small, "2024-07-01", NULL, NULL, &results, &timeline, &findings), SHAFAF_STATUS_OK);
    CHECK(contains(results, ";MO0401") && contains(timeline, "result/external_id;entry_date"));
    CHECK(contains(findings, "\"issue\": \"status_not_mapped\""));
    CHECK_STATUS(shafaf_decidim_import(results, timeline, "results.csv", NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"id\":\"MO0401\"") && contains(out, "\"rows_skipped\":0"));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_decidim_import(results, NULL, NULL, NULL, &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"source\":\"Decidim results CSV\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_decidim_import("name;title\n1;x\n", NULL, NULL, NULL, &out), SHAFAF_STATUS_UNRECOGNIZED_TABLE);
    shafaf_string_free(results);
    shafaf_string_free(timeline);
    shafaf_string_free(findings);

    /* Decidim for one component: its status ids in status/id, its default locale in every
       title, the given Decidim id only on the existing result, new results without an id. */
    const char *component = "{\"layout\": \"categories\", \"default_locale\": \"ca\", \"locales\": [\"ca\", \"fr\"],"
                            " \"status_ids\": {\"not_started\": 5, \"in_progress\": 6, \"completed\": 7, \"withdrawn\": 8},"
                            " \"decidim_ids\": {\"MO0402\": 77}}";
    CHECK_STATUS(shafaf_decidim_export(small, "2024-07-01", NULL, component, &results, &timeline, &findings),
                 SHAFAF_STATUS_OK);
    CHECK(contains(results, "id;category/id;category/name/ca;category/name/fr;scope/id"));
    CHECK(contains(results, "\n77;") && contains(results, "\n2000000000;") && contains(results, ";6;in_progress;"));
    CHECK(!contains(results, "\n1;") && !contains(findings, "status_not_mapped"));
    CHECK(contains(findings, "\"issue\": \"title_fallback\"") && contains(findings, "\"field\": \"title/ca\""));
    CHECK_STATUS(shafaf_decidim_import(results, timeline, "results.csv", "{\"default_locale\": \"ca\"}", &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"rows_skipped\":0") && contains(out, "\"id\":\"MO0402\""));
    shafaf_string_free(out);
    shafaf_string_free(results);
    shafaf_string_free(timeline);
    shafaf_string_free(findings);
    CHECK_STATUS(shafaf_decidim_export(small, "2024-07-01", NULL, "{\"status_ids\": {\"done\": 1}}", &results, &timeline,
                                       &findings),
                 SHAFAF_STATUS_INVALID_VALUE);
    /* A title in no language: Decidim refuses the result, so it is not written. */
    CHECK_STATUS(shafaf_decidim_import("id;title/ca;progress\n1;;20\n", NULL, NULL, "{\"default_locale\": \"ca\"}", &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"issue\":\"refused_by_decidim\"") && contains(out, "\"rows_skipped\":1"));
    shafaf_string_free(out);
    free(small);

    /* The OGP dataset: a file, or text in memory. */
    CHECK_STATUS(shafaf_ogp_csv_import_file("tests/data/commitment/ogp-sample.csv", &out), SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"id\":\"AP_MAR01\"") && contains(out, "\"issue\":\"duplicate_id\""));
    shafaf_string_free(out);
    CHECK_STATUS(shafaf_ogp_csv_import("Commitment Unique Identifier,Action Plan ID\nMO0001,AP_MAR01\n", NULL, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "\"source\":\"OGP dataset CSV\"") && contains(out, "\"rows_imported\":1"));
    shafaf_string_free(out);
    out = &sentinel;
    CHECK_STATUS(shafaf_ogp_csv_import("id,title\n1,x\n", "mine.csv", &out), SHAFAF_STATUS_UNRECOGNIZED_TABLE);
    CHECK(last_error_is(3003, 1, NULL) && last_message_contains("mine.csv"));
    CHECK_STATUS(shafaf_ogp_csv_import_file("tests/data/commitment/no-such.csv", &out), SHAFAF_STATUS_IO);
    CHECK(out == &sentinel);
    shafaf_string_free(plan);
}

static void test_threads(void) {
    char *out = NULL;
    CHECK_STATUS(shafaf_add_months("2027-01-31", 1, &out), SHAFAF_STATUS_OK);
    CHECK(take_equals(out, "2027-02-28"));
    thrd_t thread;
    int result = 0;
    CHECK(thrd_create(&thread, failing_thread, NULL) == thrd_success);
    CHECK(thrd_join(thread, &result) == thrd_success);
    CHECK(result == 1);
    CHECK(shafaf_last_error_message() == NULL);
}

/* ------------------------------------------------------------------------------------------- */
/* Reliability: the repro inputs of issue 11 give typed errors or correct results, never a      */
/* crash, a hang, a silent loss, a live injected link or a 10 MB message.                       */

/* `depth` nested JSON arrays: "[[[...]]]". The caller frees it. */
static char *nested_arrays(size_t depth) {
    char *text = malloc(2 * depth + 1);
    if (!text) return NULL;
    memset(text, '[', depth);
    memset(text + depth, ']', depth);
    text[2 * depth] = '\0';
    return text;
}

static void test_reliability(void) {
    /* 1. JSON nested deeper than the limit (127 levels): LIMIT_EXCEEDED, not a stack overflow. */
    char *deep = nested_arrays(6000);
    char *out = NULL;
    CHECK(deep != NULL);
    CHECK_STATUS(shafaf_petition_check_json(NULL, NULL, deep, &out), SHAFAF_STATUS_LIMIT_EXCEEDED);
    CHECK(out == NULL && last_error_is(1008, 0, NULL));
    free(deep);

    /* 2. Budget lines at the limits of the decimal range: AMOUNT_OVERFLOW, never INTERNAL. */
    shafaf_budget *budget = NULL;
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", NULL, &budget), SHAFAF_STATUS_OK);
    shafaf_budget_line revenue = {.row = 2, .direction = SHAFAF_DIRECTION_REVENUE, .part = SHAFAF_PART_OPERATING,
                                  .amount = "79228162514264337593543950335"};
    shafaf_budget_line spending = {.row = 3, .direction = SHAFAF_DIRECTION_EXPENDITURE, .part = SHAFAF_PART_OPERATING,
                                   .amount = "-79228162514264337593543950335"};
    CHECK_STATUS(shafaf_budget_add_line(budget, &revenue), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_add_line(budget, &spending), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_render(budget, NULL, NULL, SHAFAF_BUDGET_FORMAT_HTML, SHAFAF_LANG_FR, NULL, &out),
                 SHAFAF_STATUS_AMOUNT_OVERFLOW);
    CHECK(out == NULL);
    shafaf_budget_free(budget);

    /* 3. One stray quote at the start of row 2: a typed error naming row 2, at once, whatever the
     *    list's size, in a budget CSV (where it gave 0 lines and no error) as in a signatory list. */
    size_t rows = 200000;
    char *list = malloc(rows * 32 + 64);
    CHECK(list != NULL);
    if (list) {
        char *end = list + sprintf(list, "cin,residence\n\"");
        for (size_t i = 0; i < rows; i++) end += sprintf(end, "A%06zu,MA-AZI\n", i);
        CHECK(write_file("target/c-tests/stray-quote.csv", list));
        free(list);
    }
    shafaf_petition_check *pc = NULL;
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, "target/c-tests/stray-quote.csv"),
                 SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK(last_error_is(1005, 2, NULL) && last_message_contains("quote"));
    /* /dev/zero has no line break: the record limit stops it (memory stays bounded). */
    FILE *zero = fopen("/dev/zero", "rb");
    if (zero != NULL) {
        fclose(zero);
        CHECK_STATUS(shafaf_petition_check_add_csv_file(pc, "/dev/zero"), SHAFAF_STATUS_LIMIT_EXCEEDED);
        CHECK(last_error_is(1008, 1, NULL));
    }
    shafaf_petition_check_free(pc);
    CHECK_STATUS(shafaf_budget_new("{\"fiscal_year\": 2025}", NULL, &budget), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_budget_add_csv(budget, "direction,amount\n\"expenditure,12\nexpenditure,13\n", "b.csv", NULL,
                                       NULL),
                 SHAFAF_STATUS_MALFORMED_INPUT);
    CHECK(last_error_is(1005, 2, NULL));
    shafaf_budget_free(budget);

    /* 4. A signatory list with carriage-return line ends (old Mac, some Excel exports): read. */
    pc = NULL;
    uint64_t submitted = 0;
    CHECK_STATUS(shafaf_petition_check_new(NULL, NULL, BMK_REQUEST, &pc), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_add_csv(pc, "cin,residence\rA1,MA-AZI\rA2,MA-BEM\rA3,MA-KHN\r", "cr.csv"),
                 SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_petition_check_submitted(pc, &submitted), SHAFAF_STATUS_OK);
    CHECK(submitted == 3);
    shafaf_petition_check_free(pc);

    /* 5. Working days: bounded to ±36 500, a typed error at once (it walked 2^31 days before). */
    char *date = NULL;
    shafaf_calendar *calendar = NULL;
    CHECK_STATUS(shafaf_calendar_new_morocco(&calendar), SHAFAF_STATUS_OK);
    CHECK_STATUS(shafaf_calendar_add_working_days(calendar, "2026-01-05", INT32_MAX, &date),
                 SHAFAF_STATUS_LIMIT_EXCEEDED);
    CHECK(date == NULL && last_error_is(1008, 0, NULL));
    CHECK_STATUS(shafaf_calendar_add_working_days(calendar, "2026-01-05", 36500, &date), SHAFAF_STATUS_OK);
    shafaf_string_free(date);
    shafaf_calendar_free(calendar);

    /* 6. A 10 MB date string: a message of a few dozen characters, not 10 MB. */
    size_t huge = 10u * 1024 * 1024;
    char *long_date = malloc(huge + 1);
    CHECK(long_date != NULL);
    if (long_date) {
        memset(long_date, '9', huge);
        long_date[huge] = '\0';
        CHECK_STATUS(shafaf_add_months(long_date, 1, &date), SHAFAF_STATUS_INVALID_DATE);
        const char *message = shafaf_last_error_message();
        CHECK(message != NULL && strlen(message) < 300);
        free(long_date);
    }

    /* 7. A plan's `javascript:` URL is text in the report, never a live link. */
    const char *plan = "{\"id\": \"p\", \"title\": {\"fr\": \"Plan\"}, \"url\": \"javascript:alert(1)\"}";
    CHECK_STATUS(shafaf_plan_render(plan, "2025-06-30", NULL, SHAFAF_REPORT_FORMAT_HTML, SHAFAF_LANG_FR, &out),
                 SHAFAF_STATUS_OK);
    CHECK(contains(out, "javascript:alert(1)") && !contains(out, "href=\"javascript"));
    shafaf_string_free(out);

    /* 8. A petition file whose signatories_csv leaves the file's folder: refused, by field. */
    CHECK(write_file("target/c-tests/escaping-petition.json",
                     "{\"level\": \"region\", \"territory\": \"MA-05\", \"petitioner\": \"citizens\","
                     " \"received\": \"2026-03-02\", \"signatories_csv\": \"../../tests/data/petitions/"
                     "region-bmk-400.csv\"}"));
    out = NULL;
    CHECK_STATUS(shafaf_petition_check_file(NULL, NULL, "target/c-tests/escaping-petition.json", &out),
                 SHAFAF_STATUS_INVALID_VALUE);
    CHECK(out == NULL && last_error_is(1004, 0, "signatories_csv"));

    /* 9. Decidim export: a text cell starting like a formula is written after a `'`. */
    char *results = NULL, *timeline = NULL, *findings = NULL;
    const char *formula =
        "{\"id\": \"p\", \"title\": {\"fr\": \"Plan\"}, \"commitments\": [{\"id\": \"C1\", \"title\": {\"fr\": \"=1+1\"}}]}";
    CHECK_STATUS(shafaf_decidim_export(formula, "2025-06-30", NULL, NULL, &results, &timeline, &findings), SHAFAF_STATUS_OK);
    CHECK(contains(results, ";'=1+1;") && !contains(results, ";=1+1;"));
    shafaf_string_free(results);
    shafaf_string_free(timeline);
    shafaf_string_free(findings);
}

int main(void) {
    test_version();
    test_status_names();
    test_null_and_invalid_arguments();
    test_out_params_untouched_on_error();
    test_last_error();
    test_free_null();
    test_territories();
    test_calendar();
    test_religious_holidays();
    test_sessions();
    test_petition_rules();
    test_petition_one_shot();
    test_petition_streaming();
    test_petition_handle_lifecycle();
    test_petition_sheets();
    test_budget_lines_one_by_one();
    test_budget_errors();
    test_budget_ministry_layout();
    test_budget_embedded_and_fdp();
    test_commitments();
    test_threads();
    test_reliability();
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed == 0 ? 0 : 1;
}
