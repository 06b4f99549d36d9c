/* The next session of a provincial council after 2026-10-01, from an installed libshafaf. */
#include <stdio.h>
#include <shafaf.h>

int main(void) {
    shafaf_session_dates dates;
    shafaf_status status = shafaf_next_ordinary_session(NULL, SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, "2026-10-01",
                                                        SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, &dates);
    if (status != SHAFAF_STATUS_OK) {
        const char *message = shafaf_last_error_message();
        fprintf(stderr, "%s: %s\n", shafaf_status_name(status), message ? message : "");
        return 1;
    }
    printf("libshafaf %s: session on %s (moved from %s)\n", shafaf_version(), dates.first_day, dates.moved_from);
    return 0;
}
