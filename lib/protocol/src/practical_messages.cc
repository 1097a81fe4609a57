// The encoders of protocol 1.1's server messages for the practical test (docs/protocol.md, "The
// practical test (1.1)"); their decoders are with every other decoder in server_messages.cc,
// behind DecodeServerMessage.
#include <boost/json.hpp>

#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"

#include "base64.h"

namespace khaothi::protocol {

namespace json = boost::json;

namespace {
json::object FileRefObject(const FileRef& r) {
  return json::object{{"name", r.name}, {"size", r.size}, {"sha256", r.sha256}};
}
}  // namespace

std::string Encode(const Practical& m) {
  json::array tasks;
  for (const PracticalTaskInfo& t : m.tasks) {
    json::array starters;
    for (const FileRef& r : t.starters) {
      starters.push_back(FileRefObject(r));
    }
    json::array work;
    for (const WorkFile& w : t.work) {
      work.push_back(json::object{{"name", w.name},
                                  {"version", w.version},
                                  {"size", w.size},
                                  {"sha256", w.sha256},
                                  {"received_ms", w.received_ms}});
    }
    tasks.push_back(json::object{{"task", t.task},
                                 {"version", t.version},
                                 {"module", t.module},
                                 {"subpart", t.subpart},
                                 {"title", t.title},
                                 {"minutes", t.minutes},
                                 {"instructions", FileRefObject(t.instructions)},
                                 {"starters", std::move(starters)},
                                 {"work", std::move(work)}});
  }
  json::object o{{"type", type::kPractical},
                 {"state", m.state},
                 {"remaining_ms", m.remaining_ms},
                 {"duration_ms", m.duration_ms}};
  if (!m.submitted_by.empty()) {
    o["submitted_by"] = m.submitted_by;
  }
  o["tasks"] = std::move(tasks);
  return json::serialize(o);
}

std::string Encode(const FileChunk& m) {
  return json::serialize(json::object{{"type", type::kFileChunk},
                                      {"sha256", m.sha256},
                                      {"offset", m.offset},
                                      {"size", m.size},
                                      {"data", Base64Encode(m.data)}});
}

std::string Encode(const UploadReady& m) {
  return json::serialize(
      json::object{{"type", type::kUploadReady}, {"upload", m.upload}, {"offset", m.offset}});
}

std::string Encode(const UploadAck& m) {
  return json::serialize(json::object{{"type", type::kUploadAck},
                                      {"upload", m.upload},
                                      {"task", m.task},
                                      {"name", m.name},
                                      {"version", m.version},
                                      {"size", m.size},
                                      {"sha256", m.sha256},
                                      {"received_ms", m.received_ms},
                                      {"outcome", m.outcome},
                                      {"remaining_ms", m.remaining_ms}});
}

}  // namespace khaothi::protocol
