// Base64 as attachment bytes travel in export files and sync documents: round trips of every
// length, and strict refusal (length, alphabet, padding, non-zero bits after the last byte).
#include <doctest/doctest.h>

#include <string>

#include "core/base64.hpp"

using namespace crm;

TEST_CASE("base64: every byte string of lengths 0-5 round-trips, and its encoding is the only one accepted") {
    std::string bytes;
    for (int length = 0; length <= 5; ++length) {
        bytes.assign(static_cast<std::size_t>(length), '\0');
        for (int i = 0; i < length; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<char>(37 * i + 250);
        std::string text = base64_encode(bytes);
        CHECK(text.size() % 4 == 0);
        auto back = base64_decode(text);
        REQUIRE(back);
        CHECK(*back == bytes);
    }
    CHECK(base64_encode("hi") == "aGk=");
    CHECK(base64_decode("aGk=") == std::string("hi"));
    CHECK(base64_encode("h") == "aA==");
}

TEST_CASE("base64: wrong length, characters, padding and non-zero trailing bits are refused") {
    CHECK_FALSE(base64_decode("aGk"));
    CHECK_FALSE(base64_decode("aG!="));
    CHECK_FALSE(base64_decode("a=k="));
    CHECK_FALSE(base64_decode("aA==aA=="));
    // Found by the text fuzzer: "gd58Vd5=" decoded to the same bytes as "gd58Vd4=".
    CHECK_FALSE(base64_decode("gd58Vd5="));
    CHECK(base64_decode("gd58Vd4=").has_value());
    CHECK_FALSE(base64_decode("aGl="));
    CHECK_FALSE(base64_decode("aB=="));
}
