// Issue 13 item 5: `khaothi session close` — the real CLI against a real center.db, with the
// real server running (it settles the session within a second) or stopped (the CLI settles it
// with the server's code). After it nobody logs in or starts, every attempt that was started is
// graded with a signed receipt, the absent stay absent, and only then may results be approved.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
using client::EventType;

json::object Parse(const std::string& frame) { return json::parse(frame).as_object(); }

std::string Kind(const std::string& frame) {
  if (frame.empty()) {
    return "";
  }
  const json::object o = Parse(frame);
  const std::string type(o.at("type").as_string());
  if (type == "error") {
    return "error:" + std::string(o.at("code").as_string());
  }
  if (type == "closed") {
    return "closed:" + std::string(o.at("reason").as_string());
  }
  return type;
}

ProcessResult Khaothi(const TestCentre& centre, std::vector<std::string> args,
                      const std::string& lang = "en") {
  args.insert(args.begin(),
              {BuiltProgram("tools/khaothi"), "--lang", lang, "--data", centre.dir()});
  return RunProcess(args);
}

std::map<std::string, std::string> States(const TestCentre& centre) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare("SELECT sbd, state FROM attempts ORDER BY sbd");
  std::map<std::string, std::string> out;
  while (*st.Step()) {
    out[st.ColumnText(0)] = st.ColumnText(1);
  }
  return out;
}

// The receipts of graded attempts verify against the receipt key's public half.
void CheckReceipts(const TestCentre& centre, int expected) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  const std::string public_pem = ReadFile(centre.dir() + "/keys/receipt-key.pub.pem");
  store::Statement st = db->Prepare(
      "SELECT receipt, result FROM attempts WHERE state = 'graded' AND receipt IS NOT NULL");
  int n = 0;
  while (*st.Step()) {
    const json::object receipt = Parse(st.ColumnText(0));
    const auto canonical = centre::CanonicalJson(receipt.at("record"));
    REQUIRE(canonical.ok());
    const auto signature = crypto::Base64Decode(std::string(receipt.at("signature").as_string()));
    REQUIRE(signature.ok());
    CHECK(crypto::VerifySignature(public_pem, *canonical, *signature).ok());
    CHECK(receipt.at("record").at("submitted_by").as_string() == "proctor");
    ++n;
  }
  CHECK(n == expected);
  REQUIRE(centre::VerifyAudit(*db).ok());
}

struct Seat {
  std::unique_ptr<RawClient> raw;
  void LogIn(const TestCentre& centre, uint16_t port, const std::string& sbd, bool start) {
    raw = std::make_unique<RawClient>(centre.ca_pem(), port);
    raw->Send(R"({"type":"hello","protocol":1})");
    REQUIRE(Kind(raw->Receive()) == "hello");
    raw->Send(R"({"type":"login","sbd":")" + sbd + R"(","password":")" +
              centre.passwords().at(sbd) + R"(","machine":"PC-)" + sbd + R"("})");
    REQUIRE(Kind(raw->Receive()) == "login_ok");
    if (start) {
      raw->Send(R"({"type":"start"})");
      REQUIRE(Kind(raw->Receive()) == "form");
      raw->Send(R"({"type":"answer","slot":0,"choice":[1],"seq":1})");
      REQUIRE(Kind(raw->Receive()) == "ack");
    }
  }
};

TEST_CASE("session close with the server running: no login, no start, open attempts graded",
          "[server][session_close]") {
  TestCentre centre({.candidates = 4});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  auto& server = *created;
  server->Start();
  // TS001 is answering, TS002 is suspended by the proctor, TS003 logged in but did not start,
  // TS004 never came.
  Seat ts001, ts002, ts003;
  ts001.LogIn(centre, server->port(), "TS001", true);
  ts002.LogIn(centre, server->port(), "TS002", true);
  ts003.LogIn(centre, server->port(), "TS003", false);
  REQUIRE(server->service().Suspend("S1", "TS002", "Kiểm tra giấy tờ", "proctor:lan").ok());
  CHECK(Kind(ts002.raw->Receive()) == "time");

  // Approval needs a closed session, in Vietnamese by default and in English on request.
  ProcessResult early = Khaothi(centre, {"approve", "S1", "--decision-no", "1/QĐ"}, "vi");
  CHECK(early.exit_code != 0);
  CHECK(early.err.find("chưa đóng") != std::string::npos);
  CHECK(early.err.find("khaothi session close S1") != std::string::npos);
  early = Khaothi(centre, {"approve", "S1", "--decision-no", "1/QĐ"});
  CHECK(early.exit_code != 0);
  CHECK(early.err.find("is not closed") != std::string::npos);

  ProcessResult closed = Khaothi(centre, {"session", "close", "S1", "--reason", "Hết giờ thi"});
  INFO(closed.out << closed.err);
  REQUIRE(closed.exit_code == 0);
  CHECK(closed.out.find("Graded: 2") != std::string::npos);
  CHECK(closed.out.find("absent: 2") != std::string::npos);

  // The connected candidates are told: the result with its receipt, then why it ended.
  for (Seat* s : {&ts001, &ts002}) {
    const std::string result = s->raw->Receive();
    REQUIRE(Kind(result) == "result");
    CHECK(Parse(result).at("submitted_by").as_string() == "proctor");
    CHECK(Parse(result).contains("receipt"));
    CHECK(Parse(result).contains("score"));
    CHECK(Kind(s->raw->Receive()) == "closed:session_closed");
    CHECK(s->raw->Receive(std::chrono::seconds(2)).empty());
  }
  CHECK(Kind(ts003.raw->Receive()) == "closed:session_closed");

  // Nobody logs in any more, whether they sat or not.
  for (const char* sbd : {"TS004", "TS001"}) {
    RawClient late(centre.ca_pem(), server->port());
    late.Send(R"({"type":"hello","protocol":1})");
    late.Receive();
    late.Send(R"({"type":"login","sbd":")" + std::string(sbd) + R"(","password":")" +
              centre.passwords().at(sbd) + R"(","machine":"PC-09"})");
    CHECK(Kind(late.Receive()) == "error:session_closed");
  }
  const auto states = States(centre);
  CHECK(states.at("TS001") == "graded");
  CHECK(states.at("TS002") == "graded");
  CHECK(states.at("TS003") == "created");
  CHECK(states.at("TS004") == "created");

  // Closing twice changes nothing.
  ProcessResult twice = Khaothi(centre, {"session", "close", "S1"});
  CHECK(twice.exit_code != 0);
  CHECK(twice.err.find("already closed") != std::string::npos);
  server->Shutdown();
  CheckReceipts(centre, 2);
}

TEST_CASE("session close with the server stopped: the CLI grades the open attempts",
          "[server][session_close]") {
  TestCentre centre({.candidates = 3});
  {
    auto created = server::Server::Create(centre.Config());
    REQUIRE(created.ok());
    (*created)->Start();
    Seat ts001, ts002;
    ts001.LogIn(centre, (*created)->port(), "TS001", true);
    ts002.LogIn(centre, (*created)->port(), "TS002", true);
    REQUIRE((*created)->service().Suspend("S1", "TS002", "Mất điện", "proctor:lan").ok());
    (*created)->Shutdown();
  }
  REQUIRE(States(centre).at("TS001") == "in progress");
  ProcessResult closed = Khaothi(centre, {"session", "close", "S1"}, "vi");
  INFO(closed.out << closed.err);
  REQUIRE(closed.exit_code == 0);
  CHECK(closed.out.find("Đã chấm: 2") != std::string::npos);
  const auto states = States(centre);
  CHECK(states.at("TS001") == "graded");
  CHECK(states.at("TS002") == "graded");
  CHECK(states.at("TS003") == "created");
  CheckReceipts(centre, 2);

  // A server started afterwards lets nobody in.
  auto again = server::Server::Create(centre.Config());
  REQUIRE(again.ok());
  (*again)->Start();
  RawClient late(centre.ca_pem(), (*again)->port());
  late.Send(R"({"type":"hello","protocol":1})");
  late.Receive();
  late.Send(R"({"type":"login","sbd":"TS003","password":")" + centre.passwords().at("TS003") +
            R"(","machine":"PC-09"})");
  const std::string reply = late.Receive();
  CHECK((Kind(reply) == "error:session_closed" || Kind(reply) == "error:bad_credentials"));
}

}  // namespace
}  // namespace khaothi::testing
