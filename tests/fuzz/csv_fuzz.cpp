// Fuzzes the CSV reader (core/csv: encodings, BOM, delimiter detection, quoting, limits) and the
// CSV import behind it (core/csv_import: mapping guess, per-row plan, apply).
// The first byte picks the options: bit 0 contacts instead of activities, bit 1 a forced comma,
// bit 2 small limits (so the limit paths are reached by short inputs). The rest is the file.
// Invariants, for any bytes:
// - a refusal names the problem (a non-empty UTF-8 message); nothing is read then;
// - what is read is UTF-8 without NUL, has a header, no all-empty row, rows numbered in increasing
//   order after the header, and respects the limits;
// - writing the table with append_row and reading it back gives the same cells (up to the
//   formula guard's apostrophe, which import takes off again);
// - planning the import never changes the store; every row is either a record or refused with
//   messages; valid + refused = rows; applying the plan imports exactly the valid rows (the
//   store's own checks agree with the plan's).
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/csv_import.hpp"
#include "core/locale_format.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

const Store& base_store() {
    static const Store store = make_base_store();
    return store;
}

std::vector<std::string> unguarded(const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (const auto& c : cells) out.emplace_back(csv::unguard_cell(c));
    return out;
}

void check_problem(const csv::Problem& p, const char* what) {
    const std::string text = csv::describe(p);
    FUZZ_CHECK(!p.message.empty() && !text.empty(), std::string(what) + ": a problem without a message");
    FUZZ_CHECK(utf8_valid(text), std::string(what) + ": a message that is not UTF-8: " + text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t selector = data[0];
    const std::string_view bytes = as_text(data + 1, size - 1);
    csv::ParseOptions options;
    if (selector & 2) options.delimiter = ',';
    if (selector & 4) {
        options.max_rows = 40;
        options.max_columns = 8;
        options.max_cell_bytes = 64;
        options.max_bytes = 4096;
    }
    const auto parsed = csv::parse(bytes, options);
    if (!parsed.ok()) {
        check_problem(*parsed.problem, "parse");
        return 0;
    }
    const csv::Table& table = parsed.table;
    FUZZ_CHECK(!table.header.empty(), "a table without a header");
    FUZZ_CHECK(table.rows.size() == table.row_numbers.size(), "a row without its number");
    FUZZ_CHECK(table.rows.size() <= options.max_rows, "more rows than the limit");
    std::size_t previous = 1;
    for (std::size_t k = 0; k < table.rows.size(); ++k) {
        FUZZ_CHECK(table.row_numbers[k] > previous, "row numbers not increasing after the header");
        previous = table.row_numbers[k];
    }
    auto check_cells = [&](const std::vector<std::string>& cells) {
        FUZZ_CHECK(!cells.empty() && cells.size() <= options.max_columns, "a row over the column limit");
        bool any = false;
        for (const auto& c : cells) {
            FUZZ_CHECK(utf8_valid(c) && c.find('\0') == std::string::npos, "a cell that is not UTF-8 text");
            FUZZ_CHECK(c.size() <= options.max_cell_bytes, "a cell over the size limit");
            any = any || !c.empty();
        }
        FUZZ_CHECK(any, "an all-empty row was kept");
    };
    check_cells(table.header);
    for (const auto& row : table.rows) check_cells(row);

    // Written back and read again with a forced comma: the same cells (a "sep=" or BOM first cell
    // included: the writer quotes those).
    std::string written;
    auto write = [&](const std::vector<std::string>& cells) {
        std::vector<std::string_view> views(cells.begin(), cells.end());
        csv::append_row(written, views);
    };
    write(table.header);
    for (const auto& row : table.rows) write(row);
    csv::ParseOptions again{.delimiter = ',', .max_bytes = written.size() + 1, .max_rows = table.rows.size() + 1,
                            .max_columns = options.max_columns, .max_cell_bytes = options.max_cell_bytes + 1};
    const auto reread = csv::parse(written, again);
    FUZZ_CHECK(reread.ok(), "the written table does not read back: " + (reread.problem ? csv::describe(*reread.problem) : ""));
    FUZZ_CHECK(reread.table.rows.size() == table.rows.size(), "the written table reads back with another row count");
    FUZZ_CHECK(unguarded(reread.table.header) == unguarded(table.header), "the header changed through write -> read");
    for (std::size_t k = 0; k < table.rows.size(); ++k)
        FUZZ_CHECK(unguarded(reread.table.rows[k]) == unguarded(table.rows[k]), "row " + std::to_string(k) + " changed through write -> read");

    // The import: planned against the base store, then applied to a copy of it.
    const CsvImportKind kind = (selector & 1) ? CsvImportKind::Contacts : CsvImportKind::Activities;
    const auto mapping = guess_csv_mapping(kind, table.header);
    FUZZ_CHECK(mapping.size() == table.header.size(), "a mapping of another width than the header");
    static const TimeZone zone = *TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    const Store& base = base_store();
    const std::string user = base.users().at(0).meta.id;
    const CsvImportContext ctx{.zone = &zone, .locale = &locale_format_for((selector & 8) ? "pl" : "en"), .user_id = user, .now = kFuzzNow};
    const auto version = base.version();
    const auto plan = plan_csv_import(base, kind, table, mapping, ctx);
    FUZZ_CHECK(base.version() == version, "planning changed the store");
    FUZZ_CHECK(plan.rows.size() == table.rows.size() && plan.valid + plan.refused == plan.rows.size(), "the plan's counts do not add up");
    for (const auto& p : plan.mapping_problems) check_problem(p, "mapping");
    for (const auto& row : plan.rows) {
        FUZZ_CHECK(row.record.has_value() == row.problems.empty(), "a row both valid and refused, or neither");
        for (const auto& p : row.problems) check_problem(p, "row");
    }
    std::size_t duplicates = 0;
    for (const auto& row : plan.rows) {
        FUZZ_CHECK(!row.duplicate() || row.record.has_value(), "a refused row marked a duplicate");
        FUZZ_CHECK(row.duplicate_of_row < row.row, "a row marked the same as itself or a later row");
        duplicates += row.duplicate() ? 1 : 0;
    }
    FUZZ_CHECK(duplicates == plan.duplicates && plan.duplicates <= plan.valid, "the duplicate count does not add up");
    const bool importable = plan.mapping_problems.empty();
    // Without the duplicates (the default): the new rows only ...
    Store copy = base;
    const std::size_t activities = copy.activities().size(), contacts = copy.contacts().size();
    const auto report = apply_csv_import(copy, plan, Actor{user, kFuzzNow});
    const std::size_t expected = importable ? plan.valid - plan.duplicates : 0;
    FUZZ_CHECK(report.refused.empty(), "the store refused a row the plan accepted: " +
                                           (report.refused.empty() ? std::string() : csv::describe(report.refused.front())));
    FUZZ_CHECK(report.imported == expected, "imported another number of rows than the plan's new ones");
    FUZZ_CHECK(report.skipped_duplicates == (importable ? plan.duplicates : 0), "skipped another number of rows than the duplicates");
    FUZZ_CHECK(copy.activities().size() + copy.contacts().size() == activities + contacts + expected, "the store grew by another count");
    // ... and the same file planned again finds every valid row already there: importing twice adds nothing.
    if (importable) {
        const auto again = plan_csv_import(copy, kind, table, mapping, ctx);
        FUZZ_CHECK(again.valid == plan.valid, "a row valid the first time is not the second time");
        FUZZ_CHECK(again.duplicates == again.valid, "the same file imported again would add rows");
    }
    // With them: every valid row.
    Store all = base;
    const auto with_duplicates = apply_csv_import(all, plan, Actor{user, kFuzzNow}, true);
    FUZZ_CHECK(with_duplicates.imported == (importable ? plan.valid : 0), "with the duplicates, another number of rows imported");
    return 0;
}
