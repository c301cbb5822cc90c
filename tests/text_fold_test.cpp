// Tests for text_fold: lower-casing and diacritic stripping for search, whitespace collapsing,
// other scripts left alone, invalid UTF-8 survived, and the word-prefix test used for ranking.
// Expected strings are written out by hand.
#include <doctest/doctest.h>

#include <string>

#include "core/activity.hpp"
#include "core/text_fold.hpp"

using namespace crm;

TEST_CASE("text_fold: Polish letters") {
    CHECK(fold_for_search("Żółw") == "zolw");
    CHECK(fold_for_search("ZAŻÓŁĆ GĘŚLĄ JAŹŃ") == "zazolc gesla jazn");
    CHECK(fold_for_search("zażółć gęślą jaźń") == "zazolc gesla jazn");
    CHECK(fold_for_search("Łódź") == "lodz");
    CHECK(fold_for_search("Hurtownia Żółw sp. z o.o.") == "hurtownia zolw sp. z o.o.");
    CHECK(fold_for_search("Małgorzata Wiśniewska") == "malgorzata wisniewska");
    CHECK(fold_for_search("Grzegorz Dąbrowski") == "grzegorz dabrowski");
}

TEST_CASE("text_fold: Western and Central European accents") {
    CHECK(fold_for_search("Café") == "cafe");
    CHECK(fold_for_search("CRÈME BRÛLÉE") == "creme brulee");
    CHECK(fold_for_search("Müller") == "muller");
    CHECK(fold_for_search("Straße") == "strasse");
    CHECK(fold_for_search("STRAẞE") == "strasse");  // capital sharp s
    CHECK(fold_for_search("Søren Ærø") == "soren aero");
    CHECK(fold_for_search("Ñandú") == "nandu");
    CHECK(fold_for_search("Œuvre") == "oeuvre");
    CHECK(fold_for_search("Þórður") == "thordur");
    CHECK(fold_for_search("Dvořák Čapek") == "dvorak capek");
    CHECK(fold_for_search("Őrség Ű") == "orseg u");
    CHECK(fold_for_search("Ștefan Țară") == "stefan tara");  // Romanian comma below
    CHECK(fold_for_search("Nguyễn Việt") == "nguyen viet");
    // decomposed input: e + combining acute accent
    CHECK(fold_for_search("Cafe\xCC\x81") == "cafe");
    // fullwidth Latin as typed by CJK input methods
    CHECK(fold_for_search("ＣＲＭ２０２６") == "crm2026");
    // ASCII keeps punctuation and digits, lower-cases letters
    CHECK(fold_for_search("Chris.Preston@ImportedSports.example") == "chris.preston@importedsports.example");
    CHECK(fold_for_search("+48 42 555-01-77") == "+48 42 555-01-77");
}

TEST_CASE("text_fold: other scripts are left as they are") {
    CHECK(fold_for_search("客戶跟進") == "客戶跟進");
    CHECK(folded_contains(fold_for_search("客戶跟進"), fold_for_search("跟進")));
    CHECK_FALSE(folded_contains(fold_for_search("客戶跟進"), fold_for_search("跟客")));
    CHECK(fold_for_search("日本語テスト") == "日本語テスト");
    // Greek and Cyrillic capitals are lower-cased (so "москва" finds "МОСКВА")
    CHECK(fold_for_search("МОСКВА") == "москва");
    CHECK(fold_for_search("ΑΘΗΝΑ") == "αθηνα");
}

TEST_CASE("text_fold: mixed text") {
    CHECK(fold_for_search("Żółw 客戶 Café  OK") == "zolw 客戶 cafe ok");
    CHECK(folded_contains(fold_for_search("Spotkanie: 客戶跟進 w Łodzi"), fold_for_search("LODZI")));
    CHECK(folded_contains(fold_for_search("Spotkanie: 客戶跟進 w Łodzi"), "客戶跟進 w"));
}

TEST_CASE("text_fold: whitespace runs collapse and ends are trimmed") {
    CHECK(fold_for_search("  Imported \t\n  Sports  ") == "imported sports");
    CHECK(fold_for_search("Imported\xC2\xA0Sports") == "imported sports");          // no-break space
    CHECK(fold_for_search("客戶\xE3\x80\x80跟進") == "客戶 跟進");                    // ideographic space
    CHECK(fold_for_search("a\r\n\r\nb") == "a b");
    CHECK(fold_for_search("   ") == "");
    CHECK(fold_for_search("") == "");
    // zero-width space and soft hyphen carry nothing
    CHECK(fold_for_search("Im\xE2\x80\x8Bported Spo\xC2\xADrts") == "imported sports");
}

TEST_CASE("text_fold: invalid UTF-8 does not crash and gives valid UTF-8") {
    const std::string r = "\xEF\xBF\xBD";  // U+FFFD
    CHECK(fold_for_search("abc\xFF\xFE" "DEF") == "abc" + r + r + "def");
    CHECK(fold_for_search("Z\xC5") == "z" + r);               // truncated two-byte sequence at the end
    CHECK(fold_for_search("\xC5" "A") == r + "a");            // lead byte followed by ASCII
    CHECK(fold_for_search("\xC0\xAF") == r + r);              // overlong '/'
    CHECK(fold_for_search("\xED\xA0\x80") == r + r + r);      // UTF-16 surrogate
    CHECK(fold_for_search("\xF4\x90\x80\x80") == r + r + r + r);  // above U+10FFFF
    CHECK(fold_for_search("\x80\x80x") == r + r + "x");       // stray continuation bytes
    std::string junk;
    for (int i = 0; i < 256; ++i) junk += static_cast<char>(i);
    std::string folded = fold_for_search(junk + junk);
    CHECK(utf8_valid(folded));
    CHECK(folded_contains(folded, "abcdefghijklmnopqrstuvwxyz"));
}

TEST_CASE("text_fold: folded_contains") {
    CHECK(folded_contains("imported sports", ""));
    CHECK(folded_contains("", ""));
    CHECK_FALSE(folded_contains("", "a"));
    CHECK(folded_contains("imported sports", "ted spo"));
    CHECK_FALSE(folded_contains("imported sports", "sportsx"));
    CHECK_FALSE(folded_contains("abc", "abd"));
}

TEST_CASE("text_fold: folded_word_prefix") {
    CHECK(folded_word_prefix("imported sports", "spo"));
    CHECK_FALSE(folded_word_prefix("imported sports", "ort"));
    CHECK(folded_word_prefix("imported sports", "imp"));
    CHECK(folded_word_prefix("imported sports", "imported sports"));
    CHECK_FALSE(folded_word_prefix("imported sports", "mported"));
    CHECK(folded_word_prefix("imported sports", ""));
    CHECK_FALSE(folded_word_prefix("spo", "sports"));
    // after punctuation
    CHECK(folded_word_prefix("hurtownia zolw sp. z o.o.", "zolw"));
    CHECK(folded_word_prefix("chris.preston@importedsports.example", "preston"));
    CHECK(folded_word_prefix("ab-cd", "cd"));
    CHECK_FALSE(folded_word_prefix("abcd", "cd"));
    CHECK(folded_word_prefix("\xE2\x80\x9Ezolw\xE2\x80\x9D", "zolw"));  // „zolw”
    // the first occurrence is inside a word, the second starts one
    CHECK(folded_word_prefix("export ports", "port"));
    CHECK_FALSE(folded_word_prefix("export sports", "port"));
    // a non-ASCII letter before the match is part of the word
    CHECK_FALSE(folded_word_prefix("żaba", "aba"));
    CHECK_FALSE(folded_word_prefix(fold_for_search("Ωmega"), "mega"));
    // CJK has no spaces: only text after CJK punctuation starts a "word"
    CHECK_FALSE(folded_word_prefix("客戶跟進", "跟進"));
    CHECK(folded_word_prefix("客戶、跟進", "跟進"));
    CHECK(folded_word_prefix("客戶跟進", "客戶"));
}
