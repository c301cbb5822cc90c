#include "i18n.hpp"

namespace crm {

const char* Catalog::lookup(const char* english) const {
    if (entries_.empty()) return english;
    auto it = entries_.find(english);
    return it == entries_.end() ? english : it->second.c_str();
}

Catalog& active_catalog() {
    static Catalog catalog;
    return catalog;
}

std::string tr_format(const std::string& message, const std::string& arg) {
    std::string text = tr(message.c_str());
    auto pos = text.find("%s");
    if (pos != std::string::npos) text.replace(pos, 2, arg);
    else if (!arg.empty()) text += " (" + arg + ")";
    return text;
}

std::string format_message(const FieldError& e) { return tr_format(e.message, e.arg); }

}  // namespace crm
