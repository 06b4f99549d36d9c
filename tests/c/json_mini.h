/*
 * A minimal reader for the JSON documents libshafaf returns, for the C tests only: finds a member
 * of an object (at that object's own level, not in nested objects) and reads strings and integers.
 * It trusts its input to be well-formed JSON (serde_json's compact output).
 */
#ifndef SHAFAF_TESTS_JSON_MINI_H
#define SHAFAF_TESTS_JSON_MINI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static inline const char *jm_skip_ws(const char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    return p;
}

/* p points at the opening quote; returns the position after the closing quote. */
static inline const char *jm_skip_string(const char *p) {
    p++;
    while (*p && *p != '"') {
        if (*p == '\\' && p[1]) p++;
        p++;
    }
    return *p ? p + 1 : p;
}

static inline const char *jm_skip_value(const char *p) {
    p = jm_skip_ws(p);
    if (*p == '"') return jm_skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        do {
            if (*p == '"') {
                p = jm_skip_string(p);
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            else if (*p == '}' || *p == ']') depth--;
            p++;
        } while (*p && depth > 0);
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']') p++;
    return p;
}

/* The value of member `key` of the object starting at `object`, or NULL when absent. */
static inline const char *jm_member(const char *object, const char *key) {
    if (!object) return NULL;
    const char *p = jm_skip_ws(object);
    if (*p != '{') return NULL;
    p = jm_skip_ws(p + 1);
    size_t key_length = strlen(key);
    while (*p == '"') {
        const char *name = p + 1;
        const char *after = jm_skip_string(p);
        size_t name_length = (size_t)(after - 1 - name);
        p = jm_skip_ws(after);
        if (*p != ':') return NULL;
        p = jm_skip_ws(p + 1);
        if (name_length == key_length && memcmp(name, key, key_length) == 0) return p;
        p = jm_skip_ws(jm_skip_value(p));
        if (*p != ',') return NULL;
        p = jm_skip_ws(p + 1);
    }
    return NULL;
}

static inline bool jm_is_null(const char *value) { return value && strncmp(value, "null", 4) == 0; }

/* Copies a JSON string value (decoding \" \\ \/ \n \t) into buf; false when not a string or too long. */
static inline bool jm_string(const char *value, char *buf, size_t cap) {
    if (!value || *value != '"' || cap == 0) return false;
    size_t n = 0;
    for (const char *p = value + 1; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
                case 'n': c = '\n'; break;
                case 't': c = '\t'; break;
                case '"': case '\\': case '/': c = *p; break;
                default: return false; /* \u escapes are not needed by the tests */
            }
        }
        if (n + 1 >= cap) return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return true;
}

/* Reads an integer value; false when the value is not a number. */
static inline bool jm_integer(const char *value, long long *out) {
    if (!value) return false;
    char *end = NULL;
    long long parsed = strtoll(value, &end, 10);
    if (end == value) return false;
    *out = parsed;
    return true;
}

/* The number of elements of the array starting at `array` (-1 when not an array or NULL). */
static inline int jm_array_length(const char *array) {
    if (!array) return -1;
    const char *p = jm_skip_ws(array);
    if (*p != '[') return -1;
    p = jm_skip_ws(p + 1);
    if (*p == ']') return 0;
    int count = 0;
    for (;;) {
        count++;
        p = jm_skip_ws(jm_skip_value(p));
        if (*p != ',') return count;
        p = jm_skip_ws(p + 1);
    }
}

/* The element `index` (0-based) of the array starting at `array`, or NULL when there is none. */
static inline const char *jm_array_item(const char *array, int index) {
    if (!array || index < 0) return NULL;
    const char *p = jm_skip_ws(array);
    if (*p != '[') return NULL;
    p = jm_skip_ws(p + 1);
    if (*p == ']') return NULL;
    for (int i = 0; i < index; i++) {
        p = jm_skip_ws(jm_skip_value(p));
        if (*p != ',') return NULL;
        p = jm_skip_ws(p + 1);
    }
    return p;
}

#endif /* SHAFAF_TESTS_JSON_MINI_H */
