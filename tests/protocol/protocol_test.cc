// The protocol library: every message survives its encoder and decoder, and every frame that is
// not a message is refused with an error that names the message and the field.
#include "khaothi/protocol/protocol.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/server_messages.h"

namespace khaothi::protocol {
namespace {

template <typename M>
M RoundTrip(const M& m) {
  const std::string frame = Encode(m);
  Result<ServerMessage> d = DecodeServerMessage(frame);
  INFO(frame);
  INFO((d.ok() ? std::string() : d.status().ToString()));
  REQUIRE(d.ok());
  REQUIRE(std::holds_alternative<M>(*d));
  CHECK(Encode(*d) == frame);
  return std::get<M>(*d);
}

// The message of the error DecodeServerMessage gives for `frame`.
std::string Refusal(const std::string& frame) {
  Result<ServerMessage> d = DecodeServerMessage(frame);
  INFO(frame);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == StatusCode::kInvalidArgument);
  return d.status().message();
}

TEST_CASE("every server message survives its encoder and decoder", "[protocol]") {
  const ServerHello hello = RoundTrip(ServerHello{1, "khaothi-server/0.1", 1'790'000'000'000});
  CHECK(hello.server == "khaothi-server/0.1");
  CHECK(hello.server_time_ms == 1'790'000'000'000);

  LoginOk ok;
  ok.candidate = {"TS001", "Nguyễn Thị Bình", "02/03/2001", "Nữ", "Đà Nẵng", "048301000001", "P2"};
  ok.session = {"S1", "Ca sáng", "2026-12-31"};
  ok.state = "created";
  ok.unlock_required = false;
  ok.duration_ms = 2'700'000;
  ok.item_count = 30;
  ok.remaining_ms = 2'700'000;
  const LoginOk ok2 = RoundTrip(ok);
  CHECK(ok2.candidate.full_name == "Nguyễn Thị Bình");
  CHECK(ok2.session.name == "Ca sáng");
  CHECK_FALSE(ok2.unlock_required);
  CHECK(ok2.item_count == 30);

  Form form;
  form.state = "in_progress";
  form.remaining_ms = 1234;
  form.next_seq = 9;
  form.slots = {{0, "Câu một", {"A", "B", "C"}, false}, {1, "Câu hai", {"Có", "Không"}, true}};
  form.answers = {{1, {0, 1}, true}};
  const Form form2 = RoundTrip(form);
  REQUIRE(form2.slots.size() == 2);
  CHECK(form2.slots[1].options == std::vector<std::string>{"Có", "Không"});
  CHECK(form2.slots[1].multiple);
  REQUIRE(form2.answers.size() == 1);
  CHECK(form2.answers[0].choice == std::vector<int>{0, 1});
  CHECK(form2.next_seq == 9);

  const Ack ack = RoundTrip(Ack{false, 3, 17, "duplicate", 5000});
  CHECK_FALSE(ack.is_answer);
  CHECK(ack.seq == 17);
  CHECK(ack.outcome == "duplicate");

  CHECK(RoundTrip(TimeChange{"extension", "mất điện 5 phút", 65'000}).reason == "mất điện 5 phút");
  CHECK(RoundTrip(Notice{"Còn 5 phút"}).text == "Còn 5 phút");
  CHECK(RoundTrip(Closed{std::string(closed::kTimeUp)}).reason == "time_up");
  RoundTrip(Unlocked{});

  ExamResult r;
  r.submitted_by = "clock";
  r.answered = 28;
  r.total = 30;
  r.score = "8.33";
  r.scale = "10";
  r.part = "theory";
  r.part_passed = true;
  r.outcome = "pending";
  r.pending_parts = {"practical"};
  r.receipt_json = R"({"key_id":"00","record":{"kind":"khaothi.receipt.v1"},"signature":"AA=="})";
  const ExamResult r2 = RoundTrip(r);
  CHECK(r2.score == "8.33");
  CHECK_FALSE(r2.passed.has_value());
  CHECK(r2.pending_parts == std::vector<std::string>{"practical"});
  CHECK(r2.receipt_json == r.receipt_json);

  const Pong pong = RoundTrip(Pong{5, std::nullopt, 42});
  CHECK_FALSE(pong.remaining_ms.has_value());
  CHECK(pong.echo == 42U);

  const Error e = RoundTrip(Error{std::string(error::kLocked), "khoá", 0, 300'000});
  CHECK(e.code == "locked");
  CHECK(e.seq == 0);
  CHECK(e.retry_after_ms == 300'000);
}

TEST_CASE("a form from shared item text has the bytes of the form encoded whole", "[protocol]") {
  // Two items as the bank holds them: text that JSON must escape (quotes, a backslash, a tab, a
  // control character, Vietnamese) and options in authored order.
  const EncodedItemText a = EncodeItemText("C\u00e2u \"m\u1ed9t\"\\ \t\x01 h\u1ecfi?",
                                           {"L\u1ef1a ch\u1ecdn A", "B \"x\"", "C", "D\n"});
  const EncodedItemText b = EncodeItemText("Second", {"yes", "no"});
  const std::vector<int> order_a{2, 0, 3, 1};
  const std::vector<int> order_b{1, 0};
  Form head{.state = "in_progress",
            .remaining_ms = 1234,
            .next_seq = 7,
            .answers = {{.slot = 1, .choice = {0}, .flagged = true}},
            .slots = {}};
  const std::vector<SharedFormSlot> shared{
      {.slot = 0, .text = &a, .option_order = order_a, .multiple = true},
      {.slot = 1, .text = &b, .option_order = order_b, .multiple = false}};
  // The same form written whole, as boost::json writes it, independently of the encoder.
  namespace json = boost::json;
  auto options = [](const std::vector<std::string>& authored, const std::vector<int>& order) {
    json::array out;
    for (int k : order) {
      out.emplace_back(authored[static_cast<size_t>(k)]);
    }
    return out;
  };
  const std::string expected = json::serialize(json::object{
      {"type", "form"},
      {"state", "in_progress"},
      {"remaining_ms", 1234},
      {"next_seq", 7},
      {"answers",
       json::array{json::object{{"slot", 1}, {"choice", json::array{0}}, {"flagged", true}}}},
      {"slots",
       json::array{json::object{{"slot", 0},
                                {"stem", "C\u00e2u \"m\u1ed9t\"\\ \t\x01 h\u1ecfi?"},
                                {"options",
                                 options({"L\u1ef1a ch\u1ecdn A", "B \"x\"", "C", "D\n"}, order_a)},
                                {"multiple", true}},
                   json::object{{"slot", 1},
                                {"stem", "Second"},
                                {"options", options({"yes", "no"}, order_b)},
                                {"multiple", false}}}}});
  const std::string frame = EncodeForm(head, shared);
  CHECK(frame == expected);
  // And Encode(const Form&) of the same questions in displayed order gives it too.
  head.slots = {{.slot = 0,
                 .stem = "C\u00e2u \"m\u1ed9t\"\\ \t\x01 h\u1ecfi?",
                 .options = {"C", "L\u1ef1a ch\u1ecdn A", "D\n", "B \"x\""},
                 .multiple = true},
                {.slot = 1, .stem = "Second", .options = {"no", "yes"}, .multiple = false}};
  CHECK(Encode(head) == expected);
  // A form without questions (none drawn yet) is well-formed.
  CHECK(EncodeForm(Form{}, {}) == json::serialize(json::object{{"type", "form"},
                                                               {"state", ""},
                                                               {"remaining_ms", 0},
                                                               {"next_seq", 1},
                                                               {"answers", json::array{}},
                                                               {"slots", json::array{}}}));
}

TEST_CASE("a server frame that is not a message is refused naming the field", "[protocol]") {
  CHECK(Refusal("{").starts_with("not valid JSON"));
  CHECK(Refusal("[]") == "a message must be a JSON object");
  CHECK(Refusal(R"({"kind":"answer"})") == "a message needs \"type\", a string");
  CHECK(Refusal(R"({"type":"teleport"})") == "unknown message type \"teleport\"");
  CHECK(Refusal(R"({"type":"notice"})") == "notice: \"text\" is missing");
  CHECK(Refusal(R"({"type":"notice","text":5})") == "notice: \"text\" must be a string");
  CHECK(Refusal(R"({"type":"ack","kind":"vote","slot":0,"seq":1,"outcome":"applied",)"
                R"("remaining_ms":0})") == "ack: \"kind\" must be \"answer\" or \"flag\"");
  CHECK(Refusal(R"({"type":"ack","kind":"flag","slot":1001,"seq":1,"outcome":"applied",)"
                R"("remaining_ms":0})") == "ack: \"slot\" must be a whole number from 0 to 1000");
  CHECK(Refusal(R"({"type":"ack","kind":"flag","slot":1,"seq":-1,"outcome":"applied",)"
                R"("remaining_ms":0})")
            .starts_with("ack: \"seq\" must be a whole number from 0 to "));
  CHECK(Refusal(R"({"type":"ack","kind":"flag","slot":1,"seq":1.5,"outcome":"applied",)"
                R"("remaining_ms":0})")
            .starts_with("ack: \"seq\" must be a whole number"));
  CHECK(Refusal(R"({"type":"login_ok","candidate":[],"session":{}})") ==
        "login_ok: \"candidate\" must be an object");
  CHECK(Refusal(R"({"type":"form","state":"in_progress","remaining_ms":1,"next_seq":1,)"
                R"("answers":[],"slots":[{"slot":1,"stem":"?","options":[],"multiple":false}]})") ==
        "form.slots[0]: \"slot\" must be 0 (the slots come in order)");
  CHECK(Refusal(R"({"type":"form","state":"in_progress","remaining_ms":1,"next_seq":1,)"
                R"("answers":[{"slot":0,"choice":[2],"flagged":false}],)"
                R"("slots":[{"slot":0,"stem":"?","options":["A","B"],"multiple":false}]})") ==
        "form.answers[0]: \"choice\" must hold whole numbers from 0 to 1");
  CHECK(Refusal(R"({"type":"result","submitted_by":"clock","answered":1,"total":2,)"
                R"("receipt":"x"})") == "result: \"receipt\" must be an object");
}

TEST_CASE("a time left below zero reads as zero", "[protocol]") {
  Result<ServerMessage> d =
      DecodeServerMessage(R"({"type":"time","event":"pause","reason":"r","remaining_ms":-20})");
  REQUIRE(d.ok());
  CHECK(std::get<TimeChange>(*d).remaining_ms == 0);
}

TEST_CASE("the client's encoders give what the server's decoder reads", "[protocol]") {
  auto decode = [](const std::string& frame) {
    Decoded d = DecodeClientMessage(frame);
    INFO(frame << " " << d.error.message);
    REQUIRE(d.message.has_value());
    return *d.message;
  };
  const ClientMessage hello = decode(EncodeHello("khaothi-client/0.1"));
  CHECK(hello.type == ClientMessageType::kHello);
  CHECK(hello.protocol == kProtocolVersion);
  const ClientMessage login = decode(EncodeLogin("TS001", "AB12CD", "PC-07"));
  CHECK(login.sbd == "TS001");
  CHECK(login.password == "AB12CD");
  CHECK(login.machine == "PC-07");
  CHECK(decode(EncodeStart()).type == ClientMessageType::kStart);
  const ClientMessage answer = decode(EncodeAnswer(4, {0, 2}, 12));
  CHECK(answer.slot == 4);
  CHECK(answer.choice == std::vector<int>{0, 2});
  CHECK(answer.seq == 12);
  const ClientMessage flag = decode(EncodeFlag(5, true, 13));
  CHECK(flag.flagged);
  CHECK(flag.seq == 13);
  CHECK(decode(EncodeSubmit()).type == ClientMessageType::kSubmit);
  CHECK(decode(EncodePing(7)).echo == 7U);
  CHECK_FALSE(decode(EncodePing()).echo.has_value());
  CHECK(decode(EncodeReport("sai ngày sinh")).text == "sai ngày sinh");
}

TEST_CASE("a client frame that is not a message gets the protocol's code", "[protocol]") {
  auto refuse = [](const std::string& frame) {
    Decoded d = DecodeClientMessage(frame);
    INFO(frame);
    REQUIRE_FALSE(d.message.has_value());
    return d.error;
  };
  CHECK(refuse("nope").code == error::kBadJson);
  CHECK(refuse("7").code == error::kBadJson);
  CHECK(refuse(R"({"slot":1})").code == error::kBadMessage);
  CHECK(refuse(R"({"type":"teleport"})").code == error::kUnknownType);
  CHECK(refuse(R"({"type":"hello"})").code == error::kBadMessage);
  CHECK(refuse(R"({"type":"login","sbd":"TS001"})").code == error::kBadMessage);
  const DecodeError slot = refuse(R"({"type":"answer","slot":1001,"choice":[0],"seq":4})");
  CHECK(slot.code == error::kBadSlot);
  CHECK(slot.seq == 4U);
  const DecodeError choice = refuse(R"({"type":"answer","slot":1,"choice":[26],"seq":5})");
  CHECK(choice.code == error::kBadChoice);
  CHECK(choice.seq == 5U);
  const DecodeError no_seq = refuse(R"({"type":"flag","slot":1,"flagged":true,"seq":0})");
  CHECK(no_seq.code == error::kBadMessage);
  CHECK_FALSE(no_seq.seq.has_value());
  CHECK(refuse(R"({"type":"flag","slot":1,"seq":3})").code == error::kBadMessage);
  CHECK(refuse(R"({"type":"report","text":7})").code == error::kBadMessage);
}

TEST_CASE("attempt states have the protocol's names", "[protocol]") {
  CHECK(ProtocolStateName(engine::AttemptState::kCreated) == "created");
  CHECK(ProtocolStateName(engine::AttemptState::kInProgress) == "in_progress");
  CHECK(ProtocolStateName(engine::AttemptState::kSuspended) == "suspended");
  CHECK(ProtocolStateName(engine::AttemptState::kGraded) == "graded");
}

// ---- 1.1, the practical test.

const std::string kShaA(64, 'a');
const std::string kShaB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST_CASE("a 1.0 hello has no minor version and a 1.1 hello says 1", "[protocol]") {
  const Decoded old = DecodeClientMessage(EncodeHello("khaothi-client/0.1", 0));
  REQUIRE(old.message.has_value());
  CHECK(old.message->minor == 0);
  CHECK(EncodeHello("c", 0).find("minor") == std::string::npos);
  const Decoded now = DecodeClientMessage(EncodeHello("khaothi-client/0.2"));
  REQUIRE(now.message.has_value());
  CHECK(now.message->minor == kProtocolMinor);
  CHECK(DecodeClientMessage(R"({"type":"hello","protocol":1,"minor":"x"})").error.code ==
        error::kBadMessage);

  // The server's hello to a 1.0 client is the 1.0 frame, byte for byte.
  CHECK(Encode(ServerHello{1, "s", 5}) == R"({"type":"hello","protocol":1,"server":"s",)"
                                          R"("server_time_ms":5})");
  ServerHello h11{1, "s", 5};
  h11.minor = 1;
  CHECK(RoundTrip(h11).minor == 1);
  // A time change of the theory reads as in 1.0; one of the practical names its part.
  CHECK(Encode(TimeChange{"pause", "r", 1}).find("part") == std::string::npos);
  TimeChange t{"pause", "r", 1};
  t.part = std::string(part::kPractical);
  CHECK(RoundTrip(t).part == "practical");
}

TEST_CASE("a 1.2 login carries a resume token instead of the password", "[protocol]") {
  // The client's login by token, and the server's decoding of it.
  const Decoded d = DecodeClientMessage(EncodeResumeLogin("TS001", "tok-en_43", "PC-07"));
  REQUIRE(d.message.has_value());
  CHECK(d.message->type == ClientMessageType::kLogin);
  CHECK(d.message->resume == "tok-en_43");
  CHECK(d.message->password.empty());
  CHECK(d.message->machine == "PC-07");
  CHECK(Encode(*d.message) == EncodeResumeLogin("TS001", "tok-en_43", "PC-07"));
  // Neither a password nor a token; an empty token; a token too long or not a string.
  for (const char* bad : {R"({"type":"login","sbd":"TS001","machine":"PC"})",
                          R"({"type":"login","sbd":"TS001","resume":"","machine":"PC"})",
                          R"({"type":"login","sbd":"TS001","resume":7,"machine":"PC"})"}) {
    INFO(bad);
    CHECK(DecodeClientMessage(bad).error.code == error::kBadMessage);
  }
  const std::string long_token(kMaxResumeToken + 1, 'a');
  CHECK(DecodeClientMessage(R"({"type":"login","sbd":"TS001","machine":"PC","resume":")" +
                            long_token + R"("})")
            .error.code == error::kBadMessage);

  // The login_ok to a 1.2 client carries the next token and its lifetime; without a token it is
  // the 1.1 frame, with neither field.
  LoginOk ok;
  ok.candidate = {"TS001", "Lê Văn An", "01/01/2000", "Nam", "Huế", "1", "P1"};
  ok.session = {"S1", "Ca chiều", "2026-12-31"};
  ok.state = "in_progress";
  CHECK(Encode(ok).find("resume") == std::string::npos);
  ok.resume = "abc";
  ok.resume_ttl_ms = 300'000;
  const LoginOk back = RoundTrip(ok);
  CHECK(back.resume == "abc");
  CHECK(back.resume_ttl_ms == 300'000);
  CHECK(Refusal(R"({"type":"login_ok","candidate":{"sbd":"","full_name":"","date_of_birth":"",)"
                R"("sex":"","place_of_birth":"","id_number":"","room":""},"session":{"id":"",)"
                R"("name":"","date":""},"state":"created","unlock_required":true,"duration_ms":0,)"
                R"("item_count":0,"remaining_ms":0,"resume":""})")
            .find("resume") != std::string::npos);
}

TEST_CASE("every practical message survives its encoder and decoder", "[protocol]") {
  Practical p;
  p.state = "in_progress";
  p.remaining_ms = 5'400'000;
  p.duration_ms = 7'200'000;
  PracticalTaskInfo task;
  task.task = "IU04-A";
  task.version = 2;
  task.module = "IU04";
  task.subpart = "bang-tinh";
  task.title = "Bảng kê bán hàng";
  task.minutes = 40;
  task.instructions = {"de-bai.md", 1966, kShaA};
  task.starters = {{"ban-hang.xlsx", 6590, kShaB}};
  task.work = {{"ban-hang.xlsx", 3, 7000, kShaA, 1'790'000'000'123}};
  p.tasks = {task, task};
  const Practical p2 = RoundTrip(p);
  REQUIRE(p2.tasks.size() == 2);
  CHECK(p2.tasks[0].title == "Bảng kê bán hàng");
  CHECK(p2.tasks[1].starters[0].sha256 == kShaB);
  CHECK(p2.tasks[1].work[0].version == 3);
  CHECK(p2.submitted_by.empty());
  p.state = "submitted";
  p.submitted_by = "clock";
  CHECK(RoundTrip(p).submitted_by == "clock");

  // Every byte value survives the base64 of a chunk.
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
  }
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{256}}) {
    const FileChunk c = RoundTrip(FileChunk{kShaA, 10, 10 + n, bytes.substr(0, n)});
    CHECK(c.data == bytes.substr(0, n));
  }
  const UploadReady ready = RoundTrip(UploadReady{"u1", 8192});
  CHECK(ready.offset == 8192);
  const UploadAck ack =
      RoundTrip(UploadAck{"u1", "IU04-A", "ban-hang.xlsx", 4, 7000, kShaB, 17, "stored", 60'000});
  CHECK(ack.version == 4);
  CHECK(ack.outcome == "stored");
  Error bad{std::string(error::kBadOffset), "chunk out of order"};
  bad.upload = "u1";
  bad.offset = 16384;
  const Error bad2 = RoundTrip(bad);
  CHECK(bad2.upload == "u1");
  CHECK(bad2.offset == 16384U);
}

TEST_CASE("a practical frame that breaks the rules is refused naming the field", "[protocol]") {
  CHECK(Refusal(R"({"type":"file_chunk","sha256":"AB","offset":0,"size":1,"data":"AA=="})") ==
        "file_chunk: \"sha256\" must be 64 lower-case hex digits");
  CHECK(Refusal(R"({"type":"file_chunk","sha256":")" + kShaA +
                R"(","offset":0,"size":1,"data":"AAA="})") ==
        "file_chunk: the chunk ends past \"size\"");
  CHECK(Refusal(R"({"type":"file_chunk","sha256":")" + kShaA +
                R"(","offset":0,"size":9,"data":"AB=="})")
            .starts_with("file_chunk: \"data\" must be base64"));
  CHECK(Refusal(R"({"type":"practical","state":"in_progress","remaining_ms":1,"duration_ms":1,)"
                R"("tasks":[{"task":"T"}]})") == "practical.tasks[0]: \"version\" is missing");
  CHECK(Refusal(R"({"type":"time","event":"pause","reason":"r","remaining_ms":1,"part":"x"})") ==
        "time: \"part\" must be \"theory\" or \"practical\"");
}

TEST_CASE("the practical's client messages decode to what was encoded", "[protocol]") {
  auto decode = [](const std::string& frame) {
    Decoded d = DecodeClientMessage(frame);
    INFO(frame << " " << d.error.message);
    REQUIRE(d.message.has_value());
    CHECK(Encode(*d.message) == frame);
    return *d.message;
  };
  CHECK(decode(EncodePracticalStart()).type == ClientMessageType::kPracticalStart);
  CHECK(decode(EncodePracticalSubmit()).type == ClientMessageType::kPracticalSubmit);
  const ClientMessage dl = decode(EncodeDownload(kShaA, 49152));
  CHECK(dl.sha256 == kShaA);
  CHECK(dl.offset == 49152);
  const ClientMessage begin = decode(EncodeUploadBegin("IU03-A", "thu-moi.docx", 12345, kShaB));
  CHECK(begin.task == "IU03-A");
  CHECK(begin.name == "thu-moi.docx");
  CHECK(begin.size == 12345);
  CHECK(begin.sha256 == kShaB);
  const std::string full(kMaxUploadChunkBytes, '\xff');
  const std::string frame = EncodeUploadChunk("u7", 8192, full);
  // A full chunk with its fields fits the server's default 16 KiB frame.
  CHECK(frame.size() < 16 * 1024);
  const ClientMessage chunk = decode(frame);
  CHECK(chunk.upload == "u7");
  CHECK(chunk.offset == 8192);
  CHECK(chunk.data == full);
}

TEST_CASE("a practical client frame that breaks the rules is a bad message", "[protocol]") {
  auto code = [](const std::string& frame) {
    Decoded d = DecodeClientMessage(frame);
    INFO(frame);
    REQUIRE_FALSE(d.message.has_value());
    return d.error.code;
  };
  CHECK(code(R"({"type":"download","sha256":"abc","offset":0})") == error::kBadMessage);
  CHECK(code(R"({"type":"download","sha256":")" + std::string(64, 'A') + R"(","offset":0})") ==
        error::kBadMessage);
  CHECK(code(R"({"type":"download","sha256":")" + kShaA + R"(","offset":-1})") ==
        error::kBadMessage);
  CHECK(code(R"({"type":"upload_begin","task":"T","name":"a.docx","size":1})") ==
        error::kBadMessage);
  CHECK(code(R"({"type":"upload_begin","task":"","name":"a.docx","size":1,"sha256":")" + kShaA +
             R"("})") == error::kBadMessage);
  // One byte more than a chunk may carry.
  const std::string over = EncodeUploadChunk("u", 0, std::string(kMaxUploadChunkBytes + 1, 'x'));
  CHECK(code(over) == error::kBadMessage);
  CHECK(code(R"({"type":"upload_chunk","upload":"u","offset":0,"data":"AB=="})") ==
        error::kBadMessage);  // not canonical: unused bits set
  CHECK(code(R"({"type":"upload_chunk","upload":"u","offset":0,"data":"A==="})") ==
        error::kBadMessage);
  CHECK(code(R"({"type":"upload_chunk","upload":"u","offset":0,"data":""})") == error::kBadMessage);
  CHECK(code(R"({"type":"upload_chunk","upload":"u","offset":0,"data":"QQ==QQ=="})") ==
        error::kBadMessage);
}

}  // namespace
}  // namespace khaothi::protocol
