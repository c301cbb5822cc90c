// Import of activities or contacts from a CSV file (csv::parse), in three steps the UI shows:
//   1. guess_csv_mapping(): a target field for each column from its header (English, Polish and
//      Chinese names, and the captions the grid export writes), which the user may change;
//   2. plan_csv_import(): every row converted into a record and checked (dates in ISO 8601 or the
//      user's locale, type/status/priority names, Regarding, owner and account resolved by name,
//      the activity and contact field checks) without touching the store; each row either gives
//      a record or the problems that refuse it (row, column, message);
//   3. apply_csv_import(): the valid rows go in through the store's commands, all in one store
//      change (one storage write). Refused rows are never half-saved: a row with any problem is
//      left out whole, and refused_rows_csv() lists them with their reasons for the user to fix.
// Importing the same file twice must not double the history: a valid row that is already in the
// store (or repeats an earlier row of the file) is marked a duplicate and skipped unless the user
// asks for it. The same record means: an activity of the same type and subject, due (or
// starting) at the same time, regarding the same record; a contact with the same e-mail address,
// or without one, the same name at the same account. Only what the file has columns for is
// compared; subjects and names are compared folded (case, accents and runs of spaces do not count).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "civil_time.hpp"
#include "csv.hpp"
#include "locale_format.hpp"
#include "store.hpp"

namespace crm {

enum class CsvImportKind : std::uint8_t { Activities, Contacts };

enum class CsvField : std::uint8_t {
    Skip,
    // activities
    Type, Subject, Description, Regarding, Owner, Priority, State, Reason, Due, Start, End, Duration,
    PhoneNumber, Direction, EmailFrom, EmailTo, EmailCc, Location, Attendees,
    // contacts (Owner shared)
    FullName, Account, JobTitle, Email, Phone,
};
// The fields a column may be mapped to, Skip first.
std::span<const CsvField> csv_fields_for(CsvImportKind kind);
const char* csv_field_caption(CsvField f);  // English source text, for tr()

// One field per header cell; Skip for a header nothing matches and for a second column of a
// field already taken.
std::vector<CsvField> guess_csv_mapping(CsvImportKind kind, std::span<const std::string> header);

struct CsvImportContext {
    const TimeZone* zone = nullptr;       // local times without an offset are in this zone
    const LocaleFormat* locale = nullptr; // also accepted for dates besides ISO (null: ISO only)
    std::string user_id;                  // owner of rows without an Owner cell
    UtcMillis now = 0;
};

struct CsvRowPlan {
    std::size_t row = 0;            // spreadsheet row (header = 1)
    std::optional<AnyRecord> record;  // Activity or Contact when the row is valid
    std::vector<csv::Problem> problems;
    // A valid row that is a duplicate: the id of the record already stored, or the spreadsheet
    // row of the same record earlier in this file.
    std::string duplicate_of_id;
    std::size_t duplicate_of_row = 0;
    bool duplicate() const { return !duplicate_of_id.empty() || duplicate_of_row != 0; }
};

struct CsvImportPlan {
    CsvImportKind kind = CsvImportKind::Activities;
    std::vector<CsvRowPlan> rows;
    std::vector<csv::Problem> mapping_problems;  // e.g. no column for Subject: nothing can be imported
    std::size_t valid = 0;       // rows that give a record, duplicates included
    std::size_t refused = 0;
    std::size_t duplicates = 0;  // valid rows already stored or repeated in the file
    std::size_t to_import(bool with_duplicates) const { return with_duplicates ? valid : valid - duplicates; }
    bool importable(bool with_duplicates = false) const { return mapping_problems.empty() && to_import(with_duplicates) > 0; }
};

CsvImportPlan plan_csv_import(const Store& store, CsvImportKind kind, const csv::Table& table,
                              std::span<const CsvField> mapping, const CsvImportContext& ctx);

struct CsvImportReport {
    std::size_t imported = 0;
    std::size_t skipped_duplicates = 0;
    std::vector<csv::Problem> refused;  // rows the store refused after all (it changed since the plan)
};
// Creates the plan's valid rows, the duplicates only `with_duplicates`; `plan` should be fresh
// (planned against this store just now).
CsvImportReport apply_csv_import(Store& store, const CsvImportPlan& plan, const Actor& actor, bool with_duplicates = false);

// The refused rows as a CSV file: Row, Column, Problem (translated), then the row's own cells.
std::string refused_rows_csv(const CsvImportPlan& plan, const csv::Table& table);

// A date or date-time as people type it into a spreadsheet: ISO 8601 ("2026-11-24",
// "2026-11-24 15:00", "2026-11-24T15:00+01:00") or `locale`'s short form ("11/24/2026 3:00 PM",
// "24.11.2026 15:00", "2026/11/24 下午3:00"). Date-only gives a Due::Date; a time without an
// offset is wall-clock time in `zone`.
std::optional<Due> parse_csv_date_time(std::string_view text, const TimeZone& zone, const LocaleFormat* locale);

}  // namespace crm
