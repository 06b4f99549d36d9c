<?php
// shafaf from PHP, through the C ABI (libshafaf) and PHP's FFI extension: the next session of a
// council, a petition check (a file, then signatories one by one), and a citizen budget page.
// It prints what the C examples of docs/c-guide.md print; CI runs both (tests/c/run.sh, tests/c/packaging.sh).
//
//   LD_LIBRARY_PATH=target/debug php -d ffi.enable=1 examples/php/example.php
//
// Run from the repository root (it reads tests/data/). The library is found by the system's
// loader (LD_LIBRARY_PATH, or an installed libshafaf.so: scripts/install-c.sh); the header is
// ffi/include/shafaf_php.h, or SHAFAF_PHP_HEADER. Under PHP-FPM, preload it instead
// (docs/c-guide.md, "PHP").

declare(strict_types=1);

$header = getenv('SHAFAF_PHP_HEADER') ?: __DIR__ . '/../../ffi/include/shafaf_php.h';
$shafaf = FFI::load($header);

/** Prints the last error of a failed call, as the C examples do (on standard error). */
function report(FFI $shafaf, string $what, int $status): void
{
    // A `const char *` return value arrives as a PHP string (or null): no FFI::string() here.
    $message = $shafaf->shafaf_last_error_message() ?? '';
    fprintf(STDERR, "%s failed: %s (%d): %s\n", $what, $shafaf->shafaf_status_name($status), $status, $message);
}

/** Takes a string the library allocated (`char **`): its text, then frees it. */
function take_string(FFI $shafaf, FFI\CData $out): string
{
    $text = FFI::string($out);
    $shafaf->shafaf_string_free($out);
    return $text;
}

/** A NUL-terminated copy of `$text` for a `const char *` field; `$keep` holds it alive. */
function c_string(FFI $shafaf, string $text, array &$keep): FFI\CData
{
    $buffer = $shafaf->new('char[' . (strlen($text) + 1) . ']');
    FFI::memcpy($buffer, $text, strlen($text));
    $keep[] = $buffer;
    return FFI::cast('const char *', FFI::addr($buffer[0]));
}

// 1. The next session of a provincial council after 2026-10-01 (null: the Moroccan calendar).
$dates = $shafaf->new('shafaf_session_dates');
$status = $shafaf->shafaf_next_ordinary_session(
    null, $shafaf->SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, '2026-10-01',
    $shafaf->SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, FFI::addr($dates));
if ($status !== $shafaf->SHAFAF_STATUS_OK) {
    report($shafaf, 'next session', $status);
    exit(1);
}
printf("session on %s (moved from %s)\n", FFI::string($dates->first_day), FFI::string($dates->moved_from));

$text = $shafaf->new('char *');
$status = $shafaf->shafaf_next_ordinary_session_describe(
    null, $shafaf->SHAFAF_LEVEL_PREFECTURE_OR_PROVINCE, '2026-10-01',
    $shafaf->SHAFAF_WINDOW_COUNTING_WINDOW_STARTS_AFTER, $shafaf->SHAFAF_LANG_FR, FFI::addr($text));
if ($status === $shafaf->SHAFAF_STATUS_OK) {
    echo take_string($shafaf, $text), "\n";
}

// 2. A petition file whose signatories_csv sits next to it (null, null: the embedded
//    territories and the Moroccan calendar): the verdict as JSON and as a report.
$verdict = $shafaf->new('char *');
$status = $shafaf->shafaf_petition_check_file_text(
    null, null, 'tests/data/petitions/region-bmk-admissible.json', $shafaf->SHAFAF_LANG_EN,
    FFI::addr($verdict), FFI::addr($text));
if ($status !== $shafaf->SHAFAF_STATUS_OK) {
    report($shafaf, 'check_file', $status);
    exit(1);
}
echo strtok(take_string($shafaf, $text), "\n"), "\n";
$decoded = json_decode(take_string($shafaf, $verdict), true, 512, JSON_THROW_ON_ERROR);
echo "verdict outcome: {$decoded['outcome']}\n";

//    Then signatories one by one (from the council's database, say).
$check = $shafaf->new('shafaf_petition_check *');
$request = '{"level": "prefecture_or_province", "territory": "MA-AZI",'
    . ' "petitioner": {"kind": "citizens"}, "received": "2026-01-05"}';
$status = $shafaf->shafaf_petition_check_new(null, null, $request, FFI::addr($check));
if ($status !== $shafaf->SHAFAF_STATUS_OK) {
    report($shafaf, 'check_new', $status);
    exit(1);
}
$rows = [
    ['AB123', '1990-04-01', 'MA-AZI'],
    ['ab 123', '1990-04-01', 'MA-AZI'], // the same CIN: counted once
    ['CD456', '2010-02-02', 'MA-AZI'],  // under 18
    ['EF789', '12/03/1985', 'MA-AZI'],  // not YYYY-MM-DD: an error naming row 5
];
foreach ($rows as $index => [$cin, $birth, $residence]) {
    $status = $shafaf->shafaf_petition_check_add($check, $index + 2, $cin, $birth, $residence, false, -1, null);
    if ($status !== $shafaf->SHAFAF_STATUS_OK) {
        report($shafaf, 'add', $status);
    }
}
$submitted = $shafaf->new('uint64_t');
$shafaf->shafaf_petition_check_submitted($check, FFI::addr($submitted));
echo "{$submitted->cdata} signatories added\n";
$status = $shafaf->shafaf_petition_check_finish_text($check, $shafaf->SHAFAF_LANG_FR, null, FFI::addr($text));
if ($status === $shafaf->SHAFAF_STATUS_OK) {
    echo take_string($shafaf, $text);
}
$shafaf->shafaf_petition_check_free($check);

// 3. A citizen budget from lines (amounts are decimal strings, never floats), in thousands
//    of dirhams for 1 200 inhabitants, as Markdown; then the embedded BMK page in Arabic.
$budget = $shafaf->new('shafaf_budget *');
$status = $shafaf->shafaf_budget_new(
    '{"fiscal_year": 2025, "title": {"fr": "Budget 2025 (exemple)"}}',
    '{"unit": "thousands", "decimals": 0,'
    . ' "population": {"source": "given", "population": 1200, "reference": "Recensement (exemple)"}}',
    FFI::addr($budget));
if ($status !== $shafaf->SHAFAF_STATUS_OK) {
    report($shafaf, 'budget_new', $status);
    exit(1);
}
$revenue = $shafaf->SHAFAF_DIRECTION_REVENUE;
$expenditure = $shafaf->SHAFAF_DIRECTION_EXPENDITURE;
$operating = $shafaf->SHAFAF_PART_OPERATING;
$equipment = $shafaf->SHAFAF_PART_EQUIPMENT;
$lines = [
    [2, $revenue, $operating, ['economic' => '1111', 'amount' => '600000.00']],
    [3, $revenue, $operating, ['economic' => '1331', 'amount' => '400000.00']],
    [4, $expenditure, $operating, ['functional' => '01.1', 'economic' => '22', 'amount' => '233333.40']],
    [5, $expenditure, $operating, ['functional' => '01.3', 'economic' => '21', 'amount' => '100000.00']],
    [6, $expenditure, $equipment, ['functional' => '04.5', 'economic' => '31', 'amount' => '333333.30']],
    // No rule for the code 99: kept, shown as "not classified" and listed.
    [7, $expenditure, $equipment, ['functional' => '99', 'economic' => '31', 'label' => 'Code inconnu',
        'amount' => '333333.30']],
    // Not a decimal string: refused with an error naming row 8; the budget stays usable.
    [8, $expenditure, $operating, ['functional' => '04.5', 'amount' => '1 200']],
];
foreach ($lines as [$row, $direction, $part, $texts]) {
    $line = $shafaf->new('shafaf_budget_line'); // zeroed: every other field NULL
    $line->row = $row;
    $line->direction = $direction;
    $line->part = $part;
    $keep = [];
    foreach ($texts as $field => $value) {
        $line->$field = c_string($shafaf, $value, $keep);
    }
    $status = $shafaf->shafaf_budget_add_line($budget, FFI::addr($line));
    if ($status !== $shafaf->SHAFAF_STATUS_OK) {
        report($shafaf, 'add_line', $status);
    }
}
$count = $shafaf->new('uint64_t');
$shafaf->shafaf_budget_line_count($budget, FFI::addr($count));
echo "{$count->cdata} lines added\n";
$status = $shafaf->shafaf_budget_render(
    $budget, null, null, $shafaf->SHAFAF_BUDGET_FORMAT_MARKDOWN, $shafaf->SHAFAF_LANG_FR, null, FFI::addr($text));
if ($status === $shafaf->SHAFAF_STATUS_OK) {
    foreach (explode("\n", take_string($shafaf, $text)) as $markdown) {
        if (str_starts_with($markdown, '| Administration') || str_starts_with($markdown, '| Non classé')) {
            echo $markdown, "\n";
        }
    }
}
$shafaf->shafaf_budget_free($budget);

$bmk = $shafaf->new('shafaf_budget *');
$status = $shafaf->shafaf_budget_new_embedded_bmk(FFI::addr($bmk));
if ($status === $shafaf->SHAFAF_STATUS_OK) {
    $status = $shafaf->shafaf_budget_render(
        $bmk, null, null, $shafaf->SHAFAF_BUDGET_FORMAT_HTML, $shafaf->SHAFAF_LANG_AR, null, FFI::addr($text));
}
if ($status === $shafaf->SHAFAF_STATUS_OK) {
    $page = take_string($shafaf, $text);
    echo 'BMK page in Arabic, right to left: ', str_contains($page, 'dir="rtl"') ? 'yes' : 'no', "\n";
}
$shafaf->shafaf_budget_free($bmk);

// 4. A CSV file with a bad amount: the error names the file, the row and the column.
$fromFile = $shafaf->new('shafaf_budget *');
$status = $shafaf->shafaf_budget_new_from_csv_file(
    '{"fiscal_year": 2025}', null, 'tests/data/budget/bad-amount.csv', null, FFI::addr($fromFile), null);
if ($status !== $shafaf->SHAFAF_STATUS_OK) {
    report($shafaf, 'new_from_csv_file', $status);
}
$shafaf->shafaf_budget_free($fromFile); // NULL here: nothing was created
