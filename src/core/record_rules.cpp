#include "record_rules.hpp"

#include <cmath>
#include <string>
#include <string_view>

#include "activity.hpp"  // utf8_valid, utf8_length, looks_like_email_address, looks_like_phone_number

namespace crm {
namespace {

constexpr double kMaxRevenue = 1e13;
constexpr std::size_t kMaxFileNameChars = 255;

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

bool has_control_chars(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F) return true;
    return false;
}

// One line of text: valid UTF-8, no control characters, at most `max_chars` code points.
void check_line(Status& st, const char* field, std::string_view value, std::size_t max_chars) {
    if (!utf8_valid(value)) {
        st.add(field, "Contains invalid UTF-8 text.");
        return;
    }
    if (has_control_chars(value)) st.add(field, "Contains control characters.");
    if (utf8_length(value) > max_chars) st.add(field, "Too long: at most %s characters.", std::to_string(max_chars));
}

void check_required_name(Status& st, const char* field, std::string_view value, const char* required_message) {
    if (is_blank(value)) st.add(field, required_message);
    else check_line(st, field, value, kMaxNameChars);
}

void check_phone(Status& st, const char* field, std::string_view value) {
    if (!value.empty() && !looks_like_phone_number(value))
        st.add(field, "Not a valid phone number (digits, spaces, + - ( ) only).");
}

void check_email(Status& st, const char* field, std::string_view value) {
    if (value.empty()) return;
    if (!utf8_valid(value)) st.add(field, "Contains invalid UTF-8 text.");
    else if (!looks_like_email_address(value)) st.add(field, "Not a valid email address: %s", std::string(value));
    else if (utf8_length(value) > kMaxShortFieldChars)
        st.add(field, "Too long: at most %s characters.", std::to_string(kMaxShortFieldChars));
}

}  // namespace

Status validate_account(const Account& a) {
    Status st;
    check_required_name(st, "name", a.name, "Account name is required.");
    check_line(st, "city", a.city, kMaxNameChars);
    check_phone(st, "phone", a.phone);
    check_line(st, "website", a.website, kMaxShortFieldChars);
    if (a.website.find_first_of(" \t") != std::string::npos) st.add("website", "A website address cannot contain spaces.");
    return st;
}

Status validate_contact(const Contact& c) {
    Status st;
    check_required_name(st, "full_name", c.full_name, "Full name is required.");
    check_line(st, "job_title", c.job_title, kMaxNameChars);
    check_email(st, "email", c.email);
    check_phone(st, "phone", c.phone);
    return st;
}

Status validate_opportunity(const Opportunity& o) {
    Status st;
    check_required_name(st, "name", o.name, "Topic is required.");
    if (!std::isfinite(o.estimated_revenue) || o.estimated_revenue < 0 || o.estimated_revenue > kMaxRevenue)
        st.add("estimated_revenue", "Estimated revenue must be between 0 and %s.", "10,000,000,000,000");
    if (static_cast<int>(o.stage) > static_cast<int>(OpportunityStage::Close)) st.add("stage", "Not a valid stage.");
    if (o.estimated_close && !is_valid_date(*o.estimated_close)) st.add("estimated_close", "Not a valid date.");
    return st;
}

Status validate_case(const Case& c) {
    Status st;
    check_required_name(st, "title", c.title, "Case title is required.");
    if (c.account_id.empty() && c.contact_id.empty())
        st.add("account_id", "A case needs a customer: choose an account or a contact.");
    if (static_cast<int>(c.status) > static_cast<int>(CaseStatus::Canceled)) st.add("status", "Not a valid status.");
    if (static_cast<int>(c.priority) > static_cast<int>(CasePriority::High)) st.add("priority", "Not a valid priority.");
    return st;
}

Status validate_attachment(const Attachment& a) {
    Status st;
    if (is_blank(a.file_name)) {
        st.add("file_name", "File name is required.");
    } else if (!utf8_valid(a.file_name)) {
        st.add("file_name", "Contains invalid UTF-8 text.");
    } else {
        if (has_control_chars(a.file_name) || a.file_name.find_first_of("/\\") != std::string::npos)
            st.add("file_name", "A file name cannot contain control characters, / or \\.");
        if (utf8_length(a.file_name) > kMaxFileNameChars)
            st.add("file_name", "Too long: at most %s characters.", std::to_string(kMaxFileNameChars));
    }
    check_line(st, "mime_type", a.mime_type, kMaxFileNameChars);
    if (a.size == 0) st.add("size", "The file is empty.");
    else if (a.size > kMaxAttachmentBytes) st.add("size", "File is too large: at most 25 MB.");
    return st;
}

}  // namespace crm
