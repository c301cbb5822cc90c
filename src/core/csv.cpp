#include "csv.hpp"

#include <algorithm>

#include "i18n.hpp"
#include "text_fold.hpp"

namespace crm::csv {

namespace {
// Besides the delimiter, quotes and line ends: a cell starting "sep=" or with a BOM character,
// which as a file's first cell would read back as Excel's delimiter line or as the file's BOM
// (a header ["sep=", ""] wrote "sep=," and lost its row). A quote before them keeps them text.
bool needs_quotes(std::string_view cell) {
    return cell.find_first_of(",\"\r\n") != std::string_view::npos || cell.starts_with("sep=") || cell.starts_with(kUtf8Bom);
}
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

std::string_view unguard_cell(std::string_view cell) {
    if (cell.size() >= 2 && cell[0] == '\'' && looks_like_formula(cell.substr(1))) return cell.substr(1);
    return cell;
}

// ---- reading ----------------------------------------------------------------------------------

namespace {

std::string fill(const char* pattern, const std::vector<std::string>& args) {
    std::string out;
    std::string_view p = pattern;
    std::size_t next = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '%' && i + 1 < p.size() && p[i + 1] == 's') {
            if (next < args.size()) out += args[next++];
            ++i;
        } else {
            out.push_back(p[i]);
        }
    }
    return out;
}

Problem file_problem(const char* message, std::vector<std::string> args = {}) {
    return Problem{.row = 0, .column = {}, .message = message, .args = std::move(args)};
}

std::string hex_byte(unsigned char b) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("0x") + kHex[b >> 4] + kHex[b & 15];
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one (overlong forms,
// surrogates and code points past U+10FFFF are not UTF-8).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // past U+10FFFF
    return n;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\0') return i;
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

// Which legacy code page a file that is not UTF-8 was probably saved in, for the message. Chinese
// text in Big5 is nearly all high bytes; Polish in Windows-1250 has one now and then among ASCII
// letters. A guess, said as one ("probably").
const char* legacy_encoding_guess(std::string_view s) {
    std::size_t high = 0, letters = 0;
    for (unsigned char c : s) {
        if (c >= 0x80) ++high;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++letters;
    }
    return high * 10 > (high + letters) * 4 ? N_("Big5 (Traditional Chinese)") : N_("Windows-1250 (Central European)");
}

// UTF-16 with a byte order mark, as Excel's "Unicode text" and some exporters write it.
std::optional<std::string> decode_utf16(std::string_view bytes, bool little_endian, Problem& problem) {
    std::string out;
    out.reserve(bytes.size());
    auto unit = [&](std::size_t i) {
        const auto lo = static_cast<unsigned char>(bytes[i + (little_endian ? 0 : 1)]);
        const auto hi = static_cast<unsigned char>(bytes[i + (little_endian ? 1 : 0)]);
        return static_cast<char32_t>(hi << 8 | lo);
    };
    if (bytes.size() % 2 != 0) {
        problem = file_problem(N_("The file is UTF-16 but ends in the middle of a character (%s bytes)."),
                               {std::to_string(bytes.size() + 2)});
        return std::nullopt;
    }
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 2 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
            i += 2;
        } else if ((u >= 0xD800 && u <= 0xDFFF) || u == 0) {
            problem = file_problem(N_("The file is UTF-16 but is damaged at byte %s."), {std::to_string(i + 3)});
            return std::nullopt;
        }
        append_utf8(out, u);
    }
    return out;
}

struct RawRecord {
    std::vector<std::string> cells;
    std::size_t start = 0;  // byte offset in the text
};

struct Reader {
    std::string_view text;
    char delimiter;
    const ParseOptions& options;
    std::size_t pos = 0;
    std::size_t row = 0;  // spreadsheet row of the record being read

    // One record, or nullopt at the end. `problem` set: stop.
    std::optional<RawRecord> next(Problem& problem, bool& failed) {
        if (pos >= text.size()) return std::nullopt;
        ++row;
        RawRecord record{.cells = {}, .start = pos};
        std::string cell;
        auto finish_cell = [&] {
            if (record.cells.size() >= options.max_columns) {
                problem = Problem{.row = row, .column = {}, .message = N_("This row has more than %s columns."),
                                  .args = {std::to_string(options.max_columns)}};
                failed = true;
                return false;
            }
            record.cells.push_back(std::move(cell));
            cell.clear();
            return true;
        };
        auto cell_too_long = [&] {
            if (cell.size() <= options.max_cell_bytes) return false;
            problem = Problem{.row = row, .column = {}, .message = N_("This row has a cell longer than %s KB."),
                              .args = {std::to_string(options.max_cell_bytes / 1024)}};
            failed = true;
            return true;
        };
        for (;;) {
            if (pos < text.size() && text[pos] == '"') {
                const std::size_t opened_row = row;
                ++pos;
                for (;;) {
                    std::size_t quote = text.find('"', pos);
                    if (quote == std::string_view::npos) {
                        problem = Problem{.row = opened_row, .column = {},
                                          .message = N_("A quoted cell starts in this row and is never closed (a \" is missing)."),
                                          .args = {}};
                        failed = true;
                        return std::nullopt;
                    }
                    cell.append(text.substr(pos, quote - pos));
                    pos = quote + 1;
                    if (pos < text.size() && text[pos] == '"') {
                        cell.push_back('"');
                        ++pos;
                        continue;
                    }
                    break;
                }
            }
            // Unquoted text, or text after a closing quote (kept, as spreadsheet programs do).
            std::size_t end = pos;
            while (end < text.size() && text[end] != delimiter && text[end] != '\r' && text[end] != '\n') ++end;
            cell.append(text.substr(pos, end - pos));
            pos = end;
            if (cell_too_long()) return std::nullopt;
            if (!finish_cell()) return std::nullopt;
            if (pos >= text.size()) return record;
            if (text[pos] == delimiter) {
                ++pos;
                if (pos >= text.size()) {  // "a,b," at the very end: one empty cell more
                    if (!finish_cell()) return std::nullopt;
                    return record;
                }
                continue;
            }
            // CRLF, LF or a lone CR (old Mac files) ends the record.
            if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
            ++pos;
            return record;
        }
    }
};

// Counts each candidate outside quotes in the first record; the most frequent wins, ',' on a tie.
char detect_delimiter(std::string_view text) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ',') ++comma;
        else if (!quoted && c == ';') ++semicolon;
        else if (!quoted && c == '\t') ++tab;
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

bool all_empty(const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
}

}  // namespace

std::string describe(const Problem& p) {
    std::vector<std::string> args;
    for (const auto& a : p.args) args.push_back(a);
    for (auto& a : args)
        if (a.rfind("@tr:", 0) == 0) a = tr(a.c_str() + 4);
    std::string message = fill(tr(p.message.c_str()), args);
    if (p.row == 0) return message;
    if (p.column.empty()) return fill(tr("Row %s: %s"), {std::to_string(p.row), message});
    return fill(tr("Row %s, %s: %s"), {std::to_string(p.row), p.column, message});
}

ParseResult parse(std::string_view bytes, const ParseOptions& options) {
    ParseResult result;
    Table& table = result.table;
    if (bytes.size() > options.max_bytes) {
        result.problem = file_problem(N_("The file is %s MB; a CSV file may have at most %s MB. Split it into smaller files."),
                                      {std::to_string((bytes.size() + (1 << 20) - 1) >> 20), std::to_string(options.max_bytes >> 20)});
        return result;
    }
    std::string decoded;
    std::string_view text = bytes;
    if (text.starts_with(kUtf8Bom)) {
        text.remove_prefix(kUtf8Bom.size());
        table.encoding = SourceEncoding::Utf8WithBom;
    } else if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        const bool little = text[0] == '\xFF';
        Problem problem;
        auto utf8 = decode_utf16(text.substr(2), little, problem);
        if (!utf8) {
            result.problem = problem;
            return result;
        }
        decoded = std::move(*utf8);
        text = decoded;
        table.encoding = little ? SourceEncoding::Utf16LE : SourceEncoding::Utf16BE;
    }
    if (auto bad = first_invalid_utf8(text)) {
        const std::size_t file_offset = *bad + (table.encoding == SourceEncoding::Utf8WithBom ? 3 : 0);
        const std::size_t sample = std::min<std::size_t>(text.size(), 4096);
        const std::size_t zeros = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(sample), '\0'));
        if (zeros * 4 >= sample && sample >= 2) {
            result.problem = file_problem(N_("The file looks like UTF-16 without a byte order mark. Save it as \"CSV UTF-8\" and import it again."));
            return result;
        }
        // The row the byte is in: read the records up to it (the reader only looks for ASCII).
        Reader reader{.text = text, .delimiter = options.delimiter ? options.delimiter : detect_delimiter(text), .options = options};
        Problem ignored;
        bool failed = false;
        std::size_t row = 1;
        while (auto record = reader.next(ignored, failed)) {
            if (reader.pos > *bad) break;
            row = reader.row + 1;
        }
        if (failed) row = reader.row;
        if (text[*bad] == '\0') {
            result.problem = Problem{.row = row, .column = {}, .message = N_("This row holds a zero byte (byte %s of the file): this is not a text file."),
                                     .args = {std::to_string(file_offset + 1)}};
            return result;
        }
        result.problem = Problem{.row = row, .column = {},
                                 .message = N_("The file is not UTF-8: byte %s of the file (%s) is not a UTF-8 character. It was probably saved as %s. Save it as \"CSV UTF-8\" and import it again."),
                                 .args = {std::to_string(file_offset + 1),
                                          hex_byte(static_cast<unsigned char>(text[*bad])),
                                          std::string("@tr:") + legacy_encoding_guess(text)}};
        return result;
    }
    // Excel's "sep=;" first line names the delimiter.
    char delimiter = options.delimiter;
    // (Only a delimiter that can separate cells: not a quote or a line end.)
    if (text.size() >= 5 && text.starts_with("sep=") && text[4] != '\r' && text[4] != '\n' && text[4] != '"' &&
        (text.size() == 5 || text[5] == '\r' || text[5] == '\n')) {
        if (!delimiter) delimiter = text[4];
        text.remove_prefix(5);
        if (text.starts_with("\r\n")) text.remove_prefix(2);
        else if (!text.empty()) text.remove_prefix(1);
    }
    table.delimiter = delimiter ? delimiter : detect_delimiter(text);

    Reader reader{.text = text, .delimiter = table.delimiter, .options = options};
    Problem problem;
    bool failed = false;
    bool have_header = false;
    while (auto record = reader.next(problem, failed)) {
        if (all_empty(record->cells)) continue;
        if (!have_header) {
            table.header = std::move(record->cells);
            have_header = true;
            continue;
        }
        if (table.rows.size() >= options.max_rows) {
            result.problem = file_problem(N_("The file has more than %s rows. Import at most %s rows at a time: split the file."),
                                          {std::to_string(options.max_rows), std::to_string(options.max_rows)});
            return result;
        }
        table.rows.push_back(std::move(record->cells));
        table.row_numbers.push_back(reader.row);
    }
    if (failed) {
        result.problem = problem;
        return result;
    }
    if (!have_header) result.problem = file_problem(N_("The file is empty: it has no header row."));
    return result;
}

}  // namespace crm::csv
