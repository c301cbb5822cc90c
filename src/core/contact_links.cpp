#include "contact_links.hpp"

#include <cctype>

namespace crm {
namespace {

bool unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string normalised_line_breaks(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += "\r\n";
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else if (s[i] == '\n') {
            out += "\r\n";
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string encoded_addresses(std::string_view field) {
    std::string out;
    for (const auto& a : split_addresses(field)) {
        if (!out.empty()) out += ',';
        out += mailto_encode(a, true);
    }
    return out;
}

}  // namespace

std::vector<std::string> split_addresses(std::string_view field) {
    std::vector<std::string> out;
    while (!field.empty()) {
        std::size_t end = field.find_first_of(";,");
        std::string_view part = trim(field.substr(0, end));
        if (!part.empty()) out.emplace_back(part);
        if (end == std::string_view::npos) break;
        field.remove_prefix(end + 1);
    }
    return out;
}

std::string mailto_encode(std::string_view utf8, bool at_sign_plain) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(utf8.size() * 3);
    for (unsigned char c : utf8) {
        if (unreserved(c) || (at_sign_plain && c == '@')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string mailto_url(std::string_view to, std::string_view cc, std::string_view subject, std::string_view body) {
    std::string url = "mailto:" + encoded_addresses(to);
    char separator = '?';
    auto field = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        url += separator;
        url += name;
        url += '=';
        url += value;
        separator = '&';
    };
    field("cc", encoded_addresses(cc));
    field("subject", mailto_encode(subject));
    field("body", mailto_encode(normalised_line_breaks(body)));
    return url;
}

std::string tel_url(std::string_view number) {
    std::string main, ext;
    bool in_ext = false;
    for (std::size_t i = 0; i < number.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(number[i]);
        if (std::isdigit(c)) {
            (in_ext ? ext : main) += static_cast<char>(c);
        } else if (c == '+' && main.empty() && !in_ext) {
            main += '+';
        } else if (!in_ext && !main.empty() && (c == 'x' || c == 'X' || c == '#' || c == 'e' || c == 'E' || c == 'w' || c == 'W')) {
            // "x12", "ext. 12", "ext 12", "wew. 12" (Polish), "#12": the rest is the extension
            in_ext = true;
        }
    }
    bool has_digit = main.find_first_of("0123456789") != std::string::npos;
    if (!has_digit) return {};
    std::string url = "tel:" + main;
    if (!ext.empty()) url += ";ext=" + ext;
    return url;
}

}  // namespace crm
