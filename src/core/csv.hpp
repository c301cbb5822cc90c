// CSV as spreadsheet programs read and write it (RFC 4180): comma-separated cells, a cell quoted
// when it holds a comma, quote, CR or LF, quotes inside doubled, rows ended by CRLF. Files start
// with a UTF-8 byte order mark because Excel otherwise reads UTF-8 as the system code page and
// turns Polish and Chinese text into mojibake.
// Writing: append_row() per row after kUtf8Bom. Reading: parse() takes a file's bytes and gives
// its header and rows as UTF-8 text, or one Problem that names the row (and byte) that stopped it:
// a file that is not UTF-8 (Windows-1250, Big5, UTF-16 without a BOM), an unclosed quote, a limit.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crm::csv {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Appends one cell, quoted only when it must be. A cell starting with = + - @ (a formula to a
// spreadsheet) is written as text by prefixing an apostrophe, so an exported subject such as
// "=HYPERLINK(...)" cannot run as a formula when the file is opened (CSV injection).
void append_cell(std::string& out, std::string_view cell);
// Appends cells separated by commas and the CRLF that ends the row.
void append_row(std::string& out, std::span<const std::string_view> cells);
void append_row(std::string& out, std::initializer_list<std::string_view> cells);
// The reverse of append_cell's formula guard, for import: "'=SUM(A1)" -> "=SUM(A1)".
std::string_view unguard_cell(std::string_view cell);

// Something the user's file (or a row of it) is refused for. `message` is an English source
// string (N_) with one "%s" per entry of `args`; describe() translates and fills it.
struct Problem {
    std::size_t row = 0;  // spreadsheet row, 1 = the header; 0 = the file as a whole
    std::string column;   // the column's header text, "" when not about one cell
    std::string message;
    std::vector<std::string> args;
};
// "Row 4, Due: ..." in the active language.
std::string describe(const Problem& p);

enum class SourceEncoding { Utf8, Utf8WithBom, Utf16LE, Utf16BE };

struct ParseOptions {
    char delimiter = 0;  // 0: detect (',' ';' or tab) from the header row; Polish Excel writes ';'
    std::size_t max_bytes = 64u * 1024 * 1024;
    std::size_t max_rows = 100'000;   // data rows, header not counted
    std::size_t max_columns = 200;
    std::size_t max_cell_bytes = 512u * 1024;  // a description may hold 100,000 characters
};

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // data rows as read (not padded to the header)
    std::vector<std::size_t> row_numbers;        // spreadsheet row of each data row (header = 1)
    char delimiter = ',';
    SourceEncoding encoding = SourceEncoding::Utf8;
};

struct ParseResult {
    Table table;
    std::optional<Problem> problem;  // set: nothing was read
    bool ok() const { return !problem; }
};

// Rows that are entirely empty (blank lines, Excel's ";;;") are skipped but keep their number.
// A header is required: a file without one is refused.
ParseResult parse(std::string_view bytes, const ParseOptions& options = {});

}  // namespace crm::csv
