// Errors the user can cause, as values: a list of field-named messages.
// Core operations that can be refused return `Status` (or `Result<T>`); the UI shows each
// message next to the field it names. Messages are English source strings that the UI passes
// through tr(); `arg` is substituted for "%s" after translation, or, when the message has no
// "%s", shown after it (it names the record the message is about).
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace crm {

struct FieldError {
    std::string field;    // machine name of the field ("subject", "scheduled_end", ...) or "" for the record
    std::string message;  // English source text, may contain one "%s" filled from `arg`
    std::string arg;
};

struct Status {
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
    static Status success() { return {}; }
    static Status failure(std::string field, std::string message, std::string arg = {}) {
        Status s;
        s.errors.push_back({std::move(field), std::move(message), std::move(arg)});
        return s;
    }
    void add(std::string field, std::string message, std::string arg = {}) {
        errors.push_back({std::move(field), std::move(message), std::move(arg)});
    }
    const FieldError* error_for(std::string_view field) const {
        for (const auto& e : errors)
            if (e.field == field) return &e;
        return nullptr;
    }
};

template <typename T>
struct Result {
    Status status;
    T value{};
    bool ok() const { return status.ok(); }
};

}  // namespace crm
