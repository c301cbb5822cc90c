// CSV as spreadsheet programs read and write it (RFC 4180): comma-separated cells, a cell quoted
// when it holds a comma, quote, CR or LF, quotes inside doubled, rows ended by CRLF. Files start
// with a UTF-8 byte order mark because Excel otherwise reads UTF-8 as the system code page and
// turns Polish and Chinese text into mojibake.
#pragma once
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace crm::csv {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Appends one cell, quoted only when it must be. A cell starting with = + - @ (a formula to a
// spreadsheet) is written as text by prefixing an apostrophe, so an exported subject such as
// "=HYPERLINK(...)" cannot run as a formula when the file is opened (CSV injection).
void append_cell(std::string& out, std::string_view cell);
// Appends cells separated by commas and the CRLF that ends the row.
void append_row(std::string& out, std::span<const std::string_view> cells);
void append_row(std::string& out, std::initializer_list<std::string_view> cells);

}  // namespace crm::csv
