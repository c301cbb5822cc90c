// Validation of customer records (accounts, contacts, opportunities, cases) and attachments,
// with field-named errors like validate_activity(). Field checks only; the Store adds reference
// checks (a contact's parent account must exist, a case needs an account or a contact, ...).
#pragma once
#include "records.hpp"
#include "result.hpp"

namespace crm {

inline constexpr std::size_t kMaxNameChars = 160;
inline constexpr std::uint64_t kMaxAttachmentBytes = 25ull * 1024 * 1024;  // per file

Status validate_account(const Account& a);
Status validate_contact(const Contact& c);
Status validate_opportunity(const Opportunity& o);
Status validate_case(const Case& c);
// Size over kMaxAttachmentBytes, empty or over-long file name, control characters in it.
Status validate_attachment(const Attachment& a);

}  // namespace crm
