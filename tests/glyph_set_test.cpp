// Tests for glyph_set: UTF-8 decoding into code points (malformed input skipped, not guessed),
// "grew" reported once per growth, ranges in ImGui's format, CJK detection, and feeding from the
// translation catalog and the store (all records on load, only the changed ones after an edit).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/glyph_set.hpp"
#include "core/i18n.hpp"
#include "store_fixture.hpp"

TEST_CASE("glyph_set: code points of UTF-8 text, each once") {
    GlyphSet set;
    CHECK(set.add_text("Łódź"));
    CHECK(set.size() == 4);
    CHECK(set.contains(U'Ł'));
    CHECK(set.contains(U'ó'));
    CHECK(set.contains(U'd'));
    CHECK(set.contains(U'ź'));
    CHECK_FALSE(set.contains(U'L'));
    CHECK_FALSE(set.add_text("dźŁó"));  // nothing new
    CHECK(set.size() == 4);
    CHECK(set.add_text("客戶跟進"));
    CHECK(set.size() == 8);
    CHECK(set.cjk_count() == 4);
    CHECK(set.contains(U'戶'));
}

TEST_CASE("glyph_set: malformed UTF-8 is skipped, the valid characters around it are kept") {
    GlyphSet set;
    set.add_text("a\x80" "b");              // stray continuation byte
    set.add_text("\xC0\xAF" "c");           // overlong '/'
    set.add_text("\xE0\x80\xAF" "d");       // overlong 3-byte '/'
    set.add_text("\xED\xA0\x80" "e");       // UTF-16 surrogate
    set.add_text("\xE5\xAE" "f");           // truncated in the middle, then more text
    set.add_text("g\xE5\xAE");              // truncated at the end
    set.add_text("\xF5\x80\x80\x80" "h");   // beyond U+10FFFF
    for (char c : std::string("abcdefgh")) CHECK(set.contains(static_cast<char32_t>(c)));
    CHECK_FALSE(set.contains(U'/'));
    CHECK_FALSE(set.contains(0xD800));
    CHECK(set.size() == 8);
}

TEST_CASE("glyph_set: characters beyond the BMP are not drawable here and are not added") {
    GlyphSet set;
    CHECK_FALSE(set.add_text("\xF0\x9F\x98\x80"));  // U+1F600, a valid 4-byte sequence
    CHECK(set.size() == 0);
    CHECK(set.add_text("x\xF0\xA0\x80\x80y"));      // U+20000 (Extension B) between letters
    CHECK(set.size() == 2);
}

TEST_CASE("glyph_set: take_grown says yes once after each growth") {
    GlyphSet set;
    CHECK_FALSE(set.take_grown());
    set.add_text("abc");
    CHECK(set.take_grown());
    CHECK_FALSE(set.take_grown());
    set.add_text("cab");  // nothing new: no rebuild
    CHECK_FALSE(set.take_grown());
    set.add(U'台');
    CHECK(set.take_grown());
    CHECK_FALSE(set.take_grown());
}

TEST_CASE("glyph_set: ranges are ascending [first, last] pairs ending in 0") {
    GlyphSet set;
    set.add_range(0x20, 0x7E);
    set.add_text("ąćę");  // U+0105, U+0107, U+0119
    set.add_text("台北");  // U+53F0, U+5317
    set.add(0xFFFF);
    std::vector<char32_t> expected = {0x20, 0x7E, 0x105, 0x105, 0x107, 0x107, 0x119, 0x119,
                                      0x5317, 0x5317, 0x53F0, 0x53F0, 0xFFFF, 0xFFFF, 0};
    CHECK(set.ranges() == expected);
    std::vector<char32_t> cjk_only = {0x5317, 0x5317, 0x53F0, 0x53F0, 0};
    CHECK(set.ranges(is_cjk_code_point) == cjk_only);
    CHECK(GlyphSet{}.ranges() == std::vector<char32_t>{0});
    // a run across a 64-bit word boundary stays one range
    GlyphSet run;
    run.add_range(0x3F, 0x41);
    run.add_range(0x7F, 0x80);
    CHECK(run.ranges() == std::vector<char32_t>{0x3F, 0x41, 0x7F, 0x80, 0});
}

TEST_CASE("glyph_set: which code points the CJK face draws") {
    CHECK(is_cjk_code_point(U'。'));  // U+3002 ideographic full stop
    CHECK(is_cjk_code_point(U'ㄅ'));  // U+3105 Bopomofo
    CHECK(is_cjk_code_point(U'一'));  // U+4E00
    CHECK(is_cjk_code_point(U'龜'));  // U+9F9C
    CHECK(is_cjk_code_point(U'㐀'));  // U+3400 Extension A
    CHECK(is_cjk_code_point(0xF900));  // compatibility ideograph
    CHECK(is_cjk_code_point(U'，'));  // U+FF0C full-width comma
    CHECK_FALSE(is_cjk_code_point(U'Ż'));
    CHECK_FALSE(is_cjk_code_point(U'—'));
    CHECK_FALSE(is_cjk_code_point(U'€'));
}

TEST_CASE("glyph_set: every translated string of the catalog") {
    Catalog catalog;
    catalog.set("Save", {"Zapisz"});
    catalog.set("Cancel", {"取消"});
    auto before = catalog.revision();
    catalog.set("Due", {"到期"});
    CHECK(catalog.revision() != before);
    GlyphSet set;
    add_catalog_text(set, catalog);
    for (char32_t cp : {U'Z', U'a', U'p', U'i', U's', U'z', U'取', U'消', U'到', U'期'}) CHECK(set.contains(cp));
    CHECK_FALSE(set.contains(U'S'));  // the English source text is not drawn
    CHECK(set.cjk_count() == 4);
}

TEST_CASE("glyph_set: the store's text on load, then only the records that changed") {
    Fixture f;
    Actor anna = f.as(f.anna, kT0);
    Activity a;
    a.type = ActivityType::Task;
    a.subject = "Spotkanie w Łodzi";
    a.description = "會議";
    a.location = "Kraków";
    REQUIRE(f.store.create_activity(a, anna).ok());
    GlyphSet set;
    add_store_text(set, f.store);
    CHECK(set.contains(U'Ł'));
    CHECK(set.contains(U'會'));
    CHECK(set.contains(U'ó'));
    CHECK(set.contains(U'K'));  // user, account and team names are drawn too: "Kowalska"
    CHECK(set.contains(U'I'));  // "Imported Sports"
    CHECK_FALSE(set.contains(U'台'));
    set.take_grown();

    f.store.take_pending_changes();
    f.make(ActivityType::Task, "台北 call", anna);
    const auto& changed = f.store.pending_changes();
    CHECK(changed.size() == 1);  // the one new activity, not the whole store
    add_records_text(set, f.store, changed);
    CHECK(set.contains(U'台'));
    CHECK(set.contains(U'北'));
    CHECK(set.take_grown());
}

TEST_CASE("glyph_set: deleted records are not drawn on load") {
    Fixture f;
    Actor anna = f.as(f.anna, kT0);
    std::string id = f.make(ActivityType::Task, "刪除", anna);
    REQUIRE(f.store.delete_activities(std::vector<std::string>{id}, f.as(f.anna, kT0 + 1000)).ok());
    GlyphSet set;
    add_store_text(set, f.store);
    CHECK_FALSE(set.contains(U'刪'));
}

TEST_CASE("glyph set: once all of ASCII is known, long ASCII runs are skipped but what follows them is still read") {
    crm::GlyphSet set;
    std::string ascii;
    for (char c = 0x20; c < 0x7F; ++c) ascii += c;
    CHECK(set.add_text(ascii));
    CHECK_FALSE(set.add_text("plain ascii text that is longer than eight bytes, many times over"));
    CHECK(set.add_text("a run of ascii that is long enough to be skipped a word at a time: \xC5\x81\xC3\xB3""d\xC5\xBA and 客戶"));
    CHECK(set.contains(U'Ł'));
    CHECK(set.contains(U'ó'));
    CHECK(set.contains(U'ź'));
    CHECK(set.contains(U'客'));
    CHECK(set.contains(U'戶'));
    CHECK_FALSE(set.add_text("x\xC5\x81"));  // nothing new
}
