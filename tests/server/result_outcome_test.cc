// Issue 13 item 8: after the theory part, while the practical is still to be marked, the result
// says what is known — the theory score and that the outcome is pending — and claims no pass.
// Real server, raw frames and the real client library.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/centre.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

// The displayed position of the key of each slot of `sbd`'s form.
std::vector<int> KeyPositions(const TestCentre& centre, const std::string& sbd) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  auto form = centre::GetForm(*db, "S1", sbd);
  REQUIRE(form.ok());
  std::vector<int> out;
  for (const engine::FormSlot& slot : form->slots) {
    store::Statement q =
        db->Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
    q.Bind(1, slot.item_id);
    q.Bind(2, slot.item_version);
    REQUIRE(*q.Step());
    bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "t");
    REQUIRE(parsed.items.size() == 1);
    int pos = 0;
    for (size_t p = 0; p < slot.option_order.size(); ++p) {
      if (parsed.items[0].item.options[static_cast<size_t>(slot.option_order[p])].correct) {
        pos = static_cast<int>(p);
      }
    }
    out.push_back(pos);
  }
  return out;
}

TEST_CASE("the theory result says pending while the practical is to be marked",
          "[server][result]") {
  TestCentre centre({.candidates = 2});  // basic-30: theory, then a practical entered later
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  IoThreads io;

  SECTION("a passed theory part: pending, with the parts still to be marked") {
    Candidate c(io.executor(), centre.ca_pem(), (*s)->port(), "TS001",
                centre.passwords().at("TS001"));
    c.Begin();
    REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kLoggedIn); }));
    c.client().Start();
    REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
    const std::vector<int> keys = KeyPositions(centre, "TS001");
    for (const auto& q : c.client().questions()) {
      c.client().Answer(q.slot, {keys[static_cast<size_t>(q.slot)]});
    }
    REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
    c.client().Submit();
    REQUIRE(c.WaitUntil([&] { return c.client().result().has_value(); }));
    // The client library no longer reads a pass it was not given.
    CHECK(c.client().result()->score == "10.00");
    CHECK_FALSE(c.client().result()->passed.has_value());

    // The same result, as the protocol carries it, to a reconnecting client.
    RawClient raw(centre.ca_pem(), (*s)->port());
    raw.Send(R"({"type":"hello","protocol":1})");
    raw.Receive();
    raw.Send(R"({"type":"login","sbd":"TS001","password":")" + centre.passwords().at("TS001") +
             R"(","machine":"PC-01"})");
    raw.Receive();
    raw.Send(R"({"type":"start"})");
    const json::object r = json::parse(raw.Receive()).as_object();
    REQUIRE(r.at("type").as_string() == "result");
    CHECK(r.at("score").as_string() == "10.00");
    CHECK(r.at("scale").as_string() == "10");
    CHECK(r.at("part").as_string() == "theory");
    CHECK(r.at("part_passed").as_bool());
    CHECK(r.at("outcome").as_string() == "pending");
    CHECK(r.at("pending_parts") == json::array{"practical"});
    CHECK_FALSE(r.contains("passed"));
    // Nor does the signed receipt claim a pass.
    CHECK_FALSE(r.at("receipt").at("record").as_object().contains("passed"));
  }
  SECTION("a failed theory part fails the exam, whatever the practical") {
    RawClient raw(centre.ca_pem(), (*s)->port());
    raw.Send(R"({"type":"hello","protocol":1})");
    raw.Receive();
    raw.Send(R"({"type":"login","sbd":"TS002","password":")" + centre.passwords().at("TS002") +
             R"(","machine":"PC-01"})");
    raw.Receive();
    raw.Send(R"({"type":"start"})");
    raw.Receive();
    raw.Send(R"({"type":"submit"})");
    const json::object r = json::parse(raw.Receive()).as_object();
    REQUIRE(r.at("type").as_string() == "result");
    CHECK(r.at("score").as_string() == "0.00");
    CHECK(r.at("part").as_string() == "theory");
    CHECK_FALSE(r.at("part_passed").as_bool());
    CHECK(r.at("outcome").as_string() == "failed");
    CHECK_FALSE(r.contains("pending_parts"));
    CHECK(r.at("passed") == false);
  }
}

}  // namespace
}  // namespace khaothi::testing
