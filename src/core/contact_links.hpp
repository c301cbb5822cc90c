// The links that hand an email or a phone number to the user's own programs: mailto: (RFC 6068)
// for the mail client and tel: (RFC 3966) for a phone or softphone. Pure text; the platform
// navigates to them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace crm {

// Addresses in a To/Cc field, separated by ';' or ',' (as the form accepts), trimmed, empties dropped.
std::vector<std::string> split_addresses(std::string_view field);
// RFC 6068 percent-encoding of UTF-8 text: every byte outside the unreserved set
// (A-Z a-z 0-9 - . _ ~) as %XX, so & ? # = and spaces cannot end a field; `at_sign_plain` keeps
// '@' readable in addresses.
std::string mailto_encode(std::string_view utf8, bool at_sign_plain = false);
// mailto:a@x,b@y?cc=c@z&subject=...&body=... ; line breaks in the body become %0D%0A (any of
// \r\n, \n, \r), empty fields are left out.
std::string mailto_url(std::string_view to, std::string_view cc, std::string_view subject, std::string_view body);
// tel: URI of a phone number as typed: '+' (only leading) and digits kept, spaces, dots, dashes
// and brackets dropped, an extension ("x12", "ext. 12", "ext 12", "wew. 12", "#12") as ";ext=12".
// "" when the number has no digits.
std::string tel_url(std::string_view number);

}  // namespace crm
