#include "json_scan.hpp"

#include "text_fold.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace crm {

const char* FlatValue::type_name() const {
    switch (type_) {
        case Type::Null: return "null";
        case Type::Boolean: return "boolean";
        case Type::Integer:
        case Type::Unsigned:
        case Type::Float: return "number";
        case Type::String: return "string";
        case Type::Object: return "object";
        case Type::Array: return "array";
    }
    return "null";
}

double FlatValue::as_double() const {
    if (type_ == Type::Integer) return static_cast<double>(integer_);
    if (type_ == Type::Unsigned) return static_cast<double>(unsigned_);
    return type_ == Type::Float ? float_ : 0.0;
}
std::int64_t FlatValue::as_int64() const {
    if (type_ == Type::Integer) return integer_;
    if (type_ == Type::Unsigned) return static_cast<std::int64_t>(unsigned_);
    return type_ == Type::Float ? static_cast<std::int64_t>(float_) : 0;
}
std::uint64_t FlatValue::as_uint64() const {
    if (type_ == Type::Integer) return static_cast<std::uint64_t>(integer_);
    if (type_ == Type::Unsigned) return unsigned_;
    return type_ == Type::Float ? static_cast<std::uint64_t>(float_) : 0;
}

bool FlatJson::remove_root_member(std::string_view key) {
    FlatValue& root = nodes_.back();
    if (!root.is_object()) return false;
    auto* members = const_cast<FlatValue*>(root.children_);  // they live in nodes_, which we own
    for (std::uint32_t i = 0; i < root.count_; ++i) {
        if (members[i].key() != key) continue;
        for (std::uint32_t k = i + 1; k < root.count_; ++k) members[k - 1] = members[k];
        --root.count_;
        return true;
    }
    return false;
}

void FlatJson::finish() {
    for (FlatValue& v : nodes_) {
        if (v.text_in_scratch_) v.text_ = scratch_.data() + reinterpret_cast<std::uintptr_t>(v.text_);
        if (v.key_in_scratch_) v.key_ = scratch_.data() + reinterpret_cast<std::uintptr_t>(v.key_);
        v.text_in_scratch_ = v.key_in_scratch_ = false;
        if (v.type_ == FlatValue::Type::Object || v.type_ == FlatValue::Type::Array)
            v.children_ = nodes_.data() + v.first_child_;
    }
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}


}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    unsigned c = at(0);
    if (in(c, 0xC2, 0xDF)) return in(at(1), 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return in(at(1), 0xA0, 0xBF) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) return in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return in(at(1), 0x80, 0x9F) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return in(at(1), 0x90, 0xBF) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
    if (in(c, 0xF1, 0xF3))
        return in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return in(at(1), 0x80, 0x8F) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
    return 0;
}

std::size_t end_of_plain_json_text(std::string_view s, std::size_t i) {
    // 8 bytes at a time (a word-wide test; wasm has no wider one to spare): most text is plain
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    auto has_zero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
    while (i + 8 <= s.size()) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        std::uint64_t stop = has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) | ((w - ones * 0x20) & ~w) | w;
        if (stop & highs) break;
        i += 8;
    }
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++i;
    }
    return i;
}

void JsonScanner::skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
}

bool JsonScanner::consume(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
        ++pos_;
        return true;
    }
    return false;
}

bool JsonScanner::at_end() {
    skip_space();
    return pos_ == text_.size();
}

bool JsonScanner::scan_key(std::string& out) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    FlatJson doc;
    FlatValue v;
    if (!string(doc, false, v)) return false;
    doc.nodes_.push_back(v);
    doc.finish();
    out.assign(doc.nodes_.back().text());
    return consume(':');
}

bool JsonScanner::parse_value(FlatJson& into, int max_depth) {
    into.nodes_.clear();
    into.stack_.clear();
    into.scratch_.clear();
    skip_space();
    if (!value(into, max_depth)) return false;
    into.nodes_.push_back(into.stack_.back());
    into.stack_.clear();
    into.finish();
    return true;
}

bool JsonScanner::literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
}

// Pushes exactly one value onto doc.stack_ when it succeeds.
bool JsonScanner::value(FlatJson& doc, int depth_left) {
    if (pos_ >= text_.size()) return false;
    FlatValue v;
    char c = text_[pos_];
    if (c == '{' || c == '[') {
        if (depth_left <= 0) return false;
        bool object = c == '{';
        ++pos_;
        std::size_t base = doc.stack_.size();
        char close = object ? '}' : ']';
        if (!consume(close)) {
            do {
                skip_space();
                FlatValue key;
                if (object) {
                    if (pos_ >= text_.size() || text_[pos_] != '"' || !string(doc, true, key) || !consume(':')) return false;
                    skip_space();
                }
                if (!value(doc, depth_left - 1)) return false;
                if (object) {
                    FlatValue& member = doc.stack_.back();
                    member.key_ = key.key_;
                    member.key_size_ = key.key_size_;
                    member.key_in_scratch_ = key.key_in_scratch_;
                }
            } while (consume(','));
            if (!consume(close)) return false;
        }
        v.type_ = object ? FlatValue::Type::Object : FlatValue::Type::Array;
        v.first_child_ = doc.nodes_.size();
        v.count_ = static_cast<std::uint32_t>(doc.stack_.size() - base);
        doc.nodes_.insert(doc.nodes_.end(), doc.stack_.begin() + static_cast<std::ptrdiff_t>(base), doc.stack_.end());
        doc.stack_.resize(base);
    } else if (c == '"') {
        v.type_ = FlatValue::Type::String;
        if (!string(doc, false, v)) return false;
    } else if (c == 't' || c == 'f') {
        v.type_ = FlatValue::Type::Boolean;
        v.boolean_ = c == 't';
        if (!literal(c == 't' ? "true" : "false")) return false;
    } else if (c == 'n') {
        if (!literal("null")) return false;
    } else if (!number(v)) {
        return false;
    }
    doc.stack_.push_back(v);
    return true;
}

bool JsonScanner::string(FlatJson& doc, bool as_key, FlatValue& v) {
    ++pos_;  // the opening quote
    std::size_t start = pos_;
    bool escaped = false;
    std::size_t scratch_start = doc.scratch_.size();
    std::size_t run = start;  // with escapes: start of the bytes not yet copied to scratch
    while (true) {
        pos_ = end_of_plain_json_text(text_, pos_);
        if (pos_ >= text_.size()) return false;
        auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') break;
        if (c < 0x20) return false;
        if (c >= 0x80) {
            std::size_t n = utf8_sequence_length(text_, pos_);
            if (n == 0) return false;
            pos_ += n;
            continue;
        }
        if (c != '\\') {
            ++pos_;
            continue;
        }
        if (!escaped) {
            escaped = true;
            run = start;
        }
        doc.scratch_.append(text_.data() + run, pos_ - run);
        if (pos_ + 1 >= text_.size()) return false;
        char e = text_[pos_ + 1];
        pos_ += 2;
        switch (e) {
            case '"': doc.scratch_ += '"'; break;
            case '\\': doc.scratch_ += '\\'; break;
            case '/': doc.scratch_ += '/'; break;
            case 'b': doc.scratch_ += '\b'; break;
            case 'f': doc.scratch_ += '\f'; break;
            case 'n': doc.scratch_ += '\n'; break;
            case 'r': doc.scratch_ += '\r'; break;
            case 't': doc.scratch_ += '\t'; break;
            case 'u': {
                auto hex4 = [&](std::uint32_t& out) {
                    if (pos_ + 4 > text_.size()) return false;
                    out = 0;
                    for (int k = 0; k < 4; ++k) {
                        int d = hex_digit(text_[pos_ + static_cast<std::size_t>(k)]);
                        if (d < 0) return false;
                        out = out * 16 + static_cast<std::uint32_t>(d);
                    }
                    pos_ += 4;
                    return true;
                };
                std::uint32_t cp;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low;
                    if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(doc.scratch_, static_cast<char32_t>(cp));
                break;
            }
            default: return false;
        }
        run = pos_;
    }
    std::size_t end = pos_;
    ++pos_;  // the closing quote
    const char* data;
    std::size_t size;
    if (escaped) {
        doc.scratch_.append(text_.data() + run, end - run);
        // an offset until FlatJson::finish(): scratch may still move
        data = reinterpret_cast<const char*>(static_cast<std::uintptr_t>(scratch_start));
        size = doc.scratch_.size() - scratch_start;
    } else {
        data = text_.data() + start;
        size = end - start;
    }
    if (size > UINT32_MAX) return false;
    if (as_key) {
        v.key_ = data;
        v.key_size_ = static_cast<std::uint32_t>(size);
        v.key_in_scratch_ = escaped;
    } else {
        v.text_ = data;
        v.text_size_ = static_cast<std::uint32_t>(size);
        v.text_in_scratch_ = escaped;
    }
    return true;
}

bool JsonScanner::number(FlatValue& v) {
    std::size_t start = pos_;
    auto digit = [&] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
    bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (negative) ++pos_;
    if (!digit()) return false;
    if (text_[pos_] == '0') ++pos_;
    else
        while (digit()) ++pos_;
    bool is_float = false;
    if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        if (!digit()) return false;
        while (digit()) ++pos_;
        is_float = true;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
        ++pos_;
        if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
        if (!digit()) return false;
        while (digit()) ++pos_;
        is_float = true;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (!is_float) {
        // nlohmann reads integers past 64 bits as floating point: not modelled here
        if (negative) {
            v.type_ = FlatValue::Type::Integer;
            auto r = std::from_chars(first, last, v.integer_);
            return r.ec == std::errc() && r.ptr == last;
        }
        v.type_ = FlatValue::Type::Unsigned;
        auto r = std::from_chars(first, last, v.unsigned_);
        return r.ec == std::errc() && r.ptr == last;
    }
    // strtod, as nlohmann, so the value is the same to the last bit
    char buf[64];
    auto n = static_cast<std::size_t>(last - first);
    if (n >= sizeof buf) return false;
    std::memcpy(buf, first, n);
    buf[n] = '\0';
    char* end = nullptr;
    v.type_ = FlatValue::Type::Float;
    v.float_ = std::strtod(buf, &end);
    return end == buf + n && std::isfinite(v.float_);
}

}  // namespace crm
