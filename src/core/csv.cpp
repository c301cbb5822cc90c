#include "csv.hpp"

namespace crm::csv {

namespace {
bool needs_quotes(std::string_view cell) { return cell.find_first_of(",\"\r\n") != std::string_view::npos; }
bool looks_like_formula(std::string_view cell) {
    return !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@');
}
// "-5" and "+48 22 123" are numbers or phone numbers, not formulas: leave them readable.
bool is_plain_number(std::string_view cell) {
    if (cell.size() < 2) return false;
    for (std::size_t i = 1; i < cell.size(); ++i) {
        const char c = cell[i];
        if (!((c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '(' || c == ')')) return false;
    }
    return cell[0] == '-' || cell[0] == '+';
}
}  // namespace

void append_cell(std::string& out, std::string_view cell) {
    const bool guard = looks_like_formula(cell) && !is_plain_number(cell);
    if (!guard && !needs_quotes(cell)) {
        out.append(cell);
        return;
    }
    out.push_back('"');
    if (guard) out.push_back('\'');
    for (char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_row(std::string& out, std::span<const std::string_view> cells) {
    bool first = true;
    for (std::string_view cell : cells) {
        if (!first) out.push_back(',');
        first = false;
        append_cell(out, cell);
    }
    out.append("\r\n");
}

void append_row(std::string& out, std::initializer_list<std::string_view> cells) {
    append_row(out, std::span<const std::string_view>(cells.begin(), cells.size()));
}

}  // namespace crm::csv
