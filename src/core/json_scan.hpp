// A strict JSON reader for large files that never builds a DOM of the whole text: the caller walks
// the outer structure itself (JsonScanner::consume, scan_key) and parses one value at a time, say
// one record of an export, into a FlatJson that is reused for the next (no allocation per value
// once warm; unescaped strings point into the text). Import reads 100,000 activities this way;
// a DOM of them cost 100 MB and more time to free than to build.
// Anything JSON does not allow makes parse_value() or scan_key() return false, and so does
// anything legal that this reader does not model exactly as nlohmann would (integers beyond 64
// bits, nesting past the limit, a byte-order mark): the caller then falls back to nlohmann, whose
// answer (and error message) is the reference. FlatValue has the accessors json_codec's record
// reader needs, so both paths read records with the same code.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

// The first index at or after `i` whose byte is '"', '\\', a control character or not ASCII
// (s.size() when none): the bytes before it go into or out of a JSON string as they are.
std::size_t end_of_plain_json_text(std::string_view s, std::size_t i);
// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF; the rules of nlohmann's lexer and of utf8_valid), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

class FlatValue {
public:
    enum class Type : std::uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Object, Array };

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::Null; }
    bool is_boolean() const { return type_ == Type::Boolean; }
    bool is_string() const { return type_ == Type::String; }
    bool is_object() const { return type_ == Type::Object; }
    bool is_array() const { return type_ == Type::Array; }
    bool is_number() const { return type_ == Type::Integer || type_ == Type::Unsigned || type_ == Type::Float; }
    bool is_number_integer() const { return type_ == Type::Integer || type_ == Type::Unsigned; }
    bool is_number_unsigned() const { return type_ == Type::Unsigned; }
    // nlohmann's names, so messages read the same whichever reader produced them.
    const char* type_name() const;

    bool boolean() const { return boolean_; }
    std::string_view text() const { return {text_, text_size_}; }
    // The number converted as nlohmann's get<T>() converts it.
    double as_double() const;
    std::int64_t as_int64() const;
    std::uint64_t as_uint64() const;

    // Members of an object or elements of an array, in the order of the text (an object may
    // repeat a key: the reader that uses this must notice, see json_codec).
    std::size_t size() const { return type_ == Type::Object || type_ == Type::Array ? count_ : 0; }
    const FlatValue& operator[](std::size_t i) const { return children_[i]; }
    std::string_view key() const { return {key_, key_size_}; }  // of an object member

private:
    friend class JsonScanner;
    friend class FlatJson;
    Type type_ = Type::Null;
    bool boolean_ = false;
    bool text_in_scratch_ = false;  // while parsing: text_ is an offset into FlatJson::scratch_
    bool key_in_scratch_ = false;
    std::uint32_t text_size_ = 0;
    std::uint32_t key_size_ = 0;
    std::uint32_t count_ = 0;
    union {
        std::int64_t integer_;
        std::uint64_t unsigned_;
        double float_;
        std::size_t first_child_;  // while parsing: index of the first child in FlatJson::nodes_
    };
    const char* text_ = nullptr;
    const char* key_ = nullptr;
    const FlatValue* children_ = nullptr;

public:
    FlatValue() : integer_(0) {}
};

// One parsed value and the storage behind it; valid until the next parse into it.
class FlatJson {
public:
    const FlatValue& root() const { return nodes_.back(); }
    // Removes the member `key` of the root object (the first one with that key); returns whether
    // there was one.
    bool remove_root_member(std::string_view key);

private:
    friend class JsonScanner;
    void finish();  // turns offsets into pointers once nothing can move any more
    std::vector<FlatValue> nodes_;  // every value, children before their parent; the root last
    std::vector<FlatValue> stack_;  // values whose parent is still being parsed
    std::string scratch_;           // unescaped text of strings that had escapes
};

class JsonScanner {
public:
    explicit JsonScanner(std::string_view text) : text_(text) {}

    // Skips white space, then takes `c` if it comes next.
    bool consume(char c);
    // Skips white space; whether only white space was left.
    bool at_end();
    // An object key (a string), unescaped into `out`, and the ':' after it.
    bool scan_key(std::string& out);
    // The next value, into `into`. Nesting deeper than `max_depth` is refused.
    bool parse_value(FlatJson& into, int max_depth);

private:
    void skip_space();
    bool value(FlatJson& doc, int depth_left);
    // The string starting at the current '"'. Sets the value's text (in the text, or in scratch).
    bool string(FlatJson& doc, bool as_key, FlatValue& v);
    bool number(FlatValue& v);
    bool literal(std::string_view word);

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace crm
