// Base64 (RFC 4648, with padding) for binary data inside JSON: attachment bytes in export files
// and in sync documents. Decoding is strict: a wrong length, character or padding is refused.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace crm {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace crm
