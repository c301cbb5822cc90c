// How an embedding page starts the app (apply_start_options): the user and view it names, and a
// sync server, which is used directly when it comes from the config file on the app's origin but
// only offered to the user when it comes from the URL (anyone can send a link).
#include <doctest/doctest.h>

#include "ui/app.hpp"
#include "ui/ui_state.hpp"

using namespace crm;

namespace {

struct Started {
    App app;
    UiState ui;
    std::vector<std::string> problems;
    Started() {
        app.clock = [] { return UtcMillis{1'795'000'000'000}; };
        finish_startup(app);
    }
    void start(const StartOptions& o) {
        apply_start_options(app, ui, o, [this](const std::string& p) { problems.push_back(p); });
    }
};

}  // namespace

TEST_CASE("start options: a user by name or e-mail is signed in; the view is applied; bad values are reported") {
    Started s;
    StartOptions o;
    o.user = "marek.nowak@example.com";
    o.view = "calendar";
    s.start(o);
    CHECK(s.app.store.user_name(s.app.current_user_id) == "Marek Nowak");
    REQUIRE(s.ui.start_view.has_value());
    CHECK(*s.ui.start_view == ShowAs::Calendar);
    CHECK(s.problems.empty());

    Started d;
    StartOptions dashboard;
    dashboard.view = "dashboard";
    d.start(dashboard);
    REQUIRE(d.ui.start_view.has_value());
    CHECK(*d.ui.start_view == ShowAs::Dashboard);
    CHECK(d.problems.empty());

    Started t;
    StartOptions bad;
    bad.user = "Nobody Here";
    bad.view = "pivot";
    bad.language = "xx";
    t.start(bad);
    CHECK(t.problems.size() == 3);
    CHECK(t.app.current_user_id.empty());
}

TEST_CASE("start options: a sync server from the URL is offered, from the config file it is applied") {
    StartOptions o;
    o.sync = {"http://127.0.0.1:5984", "sales", "anna", ""};
    o.sync_from_url = true;
    Started s;
    s.start(o);
    CHECK_FALSE(s.app.sync.config().configured());  // nothing is sent anywhere yet
    REQUIRE(s.app.sync_offer.has_value());
    CHECK(s.app.sync_offer->server_url == "http://127.0.0.1:5984");

    o.sync_from_url = false;
    Started t;
    t.start(o);
    CHECK(t.app.sync.config().configured());
    CHECK_FALSE(t.app.sync_offer.has_value());
    // Opening again with the same server changes nothing and asks nothing.
    o.sync_from_url = true;
    t.start(o);
    CHECK_FALSE(t.app.sync_offer.has_value());

    StartOptions invalid;
    invalid.sync = {"ftp://x", "sales", "", ""};
    Started u;
    u.start(invalid);
    CHECK(u.problems.size() == 1);
    CHECK_FALSE(u.app.sync.config().configured());
}

TEST_CASE("start options: a config file error is reported") {
    Started s;
    StartOptions o;
    o.config_error = "The configuration file \"team.json\" could not be used (HTTP 404); started without it.";
    s.start(o);
    REQUIRE(s.problems.size() == 1);
    CHECK(s.problems[0] == o.config_error);
}
