// The list views of accounts, contacts, opportunities and cases: which columns each kind has,
// the text of a cell, and a filtered, sorted list of rows. Filtering folds text (case and
// diacritics), so "lodz" finds "Łódź". Sort keys are computed once per row, so 100,000 rows
// sort within a frame budget; the view draws only visible rows with cell_text().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "records.hpp"
#include "store.hpp"

namespace crm {

enum class ListKind : std::uint8_t { Accounts = 0, Contacts = 1, Opportunities = 2, Cases = 3 };

RegardingKind regarding_kind_of(ListKind k);
const char* list_title(ListKind k);                     // "Accounts", ... (English, for tr())
std::vector<const char*> list_columns(ListKind k);      // column titles (English)
// Text of column `column` for row `index` of the kind's table ("" when out of range).
std::string cell_text(const Store& store, ListKind kind, std::uint32_t index, int column);
// The record's id at `index` of the kind's table.
const std::string& record_id_at(const Store& store, ListKind kind, std::uint32_t index);

struct RecordListQuery {
    ListKind kind = ListKind::Accounts;
    std::string text;       // matched folded against every column
    int sort_column = 0;
    bool descending = false;
    bool operator==(const RecordListQuery&) const = default;
};

// Indexes of live (not deleted) rows of the kind's table, filtered and sorted.
// Numeric columns (revenue, open-activity count) sort as numbers, dates as dates.
std::vector<std::uint32_t> run_record_list(const Store& store, const RecordListQuery& query);

}  // namespace crm
