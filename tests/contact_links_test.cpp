// Tests for contact_links: mailto: per RFC 6068 (UTF-8 percent-encoding, reserved characters in
// fields, CRLF line breaks, several addresses) and tel: per RFC 3966.
#include <doctest/doctest.h>

#include "core/contact_links.hpp"

using namespace crm;

TEST_CASE("mailto: several addresses, cc, subject and body") {
    CHECK(mailto_url("anna@example.com; bob@example.com,", "carol@example.com", "Hi", "") ==
          "mailto:anna@example.com,bob@example.com?cc=carol@example.com&subject=Hi");
    CHECK(mailto_url("a@x.pl", "", "", "") == "mailto:a@x.pl");
    CHECK(mailto_url("", "", "Only subject", "") == "mailto:?subject=Only%20subject");
}

TEST_CASE("mailto: Polish and Chinese subjects are UTF-8 percent-encoded") {
    CHECK(mailto_url("a@x.pl", "", "Zażółć gęślą jaźń", "") ==
          "mailto:a@x.pl?subject=Za%C5%BC%C3%B3%C5%82%C4%87%20g%C4%99%C5%9Bl%C4%85%20ja%C5%BA%C5%84");
    CHECK(mailto_url("a@x.tw", "", "會議", "") == "mailto:a@x.tw?subject=%E6%9C%83%E8%AD%B0");
}

TEST_CASE("mailto: & ? # = % + in the body cannot end the field; line breaks are CRLF") {
    CHECK(mailto_url("a@x.pl", "", "", "Q&A? #1 = 100% + more") ==
          "mailto:a@x.pl?body=Q%26A%3F%20%231%20%3D%20100%25%20%2B%20more");
    CHECK(mailto_url("a@x.pl", "", "", "one\ntwo\r\nthree\rfour") == "mailto:a@x.pl?body=one%0D%0Atwo%0D%0Athree%0D%0Afour");
}

TEST_CASE("mailto: reserved characters in an address are encoded, @ is kept") {
    CHECK(mailto_url("gorby%kremvax@example.com", "", "", "") == "mailto:gorby%25kremvax@example.com");
    CHECK(mailto_url("a?b@example.com", "", "", "") == "mailto:a%3Fb@example.com");
    CHECK(split_addresses(" a@x ;; b@y , ") == std::vector<std::string>{"a@x", "b@y"});
}

TEST_CASE("tel: keeps + and digits, drops separators, keeps an extension") {
    CHECK(tel_url("+48 (22) 123-45-67") == "tel:+48221234567");
    CHECK(tel_url("+1 555.010.9999 x123") == "tel:+15550109999;ext=123");
    CHECK(tel_url("022 123 45 67 ext. 9") == "tel:0221234567;ext=9");
    CHECK(tel_url("+48 22 123 45 67 wew. 12") == "tel:+48221234567;ext=12");
    CHECK(tel_url("555 0100 #42") == "tel:5550100;ext=42");
    CHECK(tel_url("+886 2 2345 6789") == "tel:+886223456789");
    CHECK(tel_url("") == "");
    CHECK(tel_url("n/a") == "");
    CHECK(tel_url("1+2") == "tel:12");  // a + inside is not a number's
}
