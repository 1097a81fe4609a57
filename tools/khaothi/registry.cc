// khaothi registry configure | status | push | retry: the centre's side of the provincial
// certificate registry (issue 20, docs/registry.md "The centre's side").
//
// The records wait in center.db's outbox (khaothi/centre/registry_outbox.h), queued by the
// transaction that signed them. `push` offers the pending ones in queue order, in batches, and
// records the registry's answer per record only after the whole reply is read, so a push cut
// anywhere (this process or the registry killed, the network gone) leaves them pending and the
// next push offers them again; the registry answers "duplicate" for what it already holds.
// `push --follow` is the background sender: it keeps pushing, backs off exponentially while the
// registry cannot be reached, and stops cleanly on SIGINT or SIGTERM.
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include <boost/json.hpp>

#include "khaothi/centre/registry_outbox.h"
#include "khaothi/crypto/crypto.h"

#include "khaothi_cli.h"
#include "registry_client.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// The registry takes at most this many records per push (khaothi-registry's default
// --max-batch-records); a smaller registry limit is found by halving on 413.
constexpr int kMaxBatch = 1000;

std::atomic<bool> g_stop{false};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string LocalTime(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string ClientCert(const Globals& g) { return (fs::path(g.data) / "tls/server.pem").string(); }
std::string ClientKey(const Globals& g) {
  return (fs::path(g.data) / "tls/server-key.pem").string();
}

int Configure(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi registry configure");
  desc.add_options()(
      "url", po::value<std::string>()->required(),
      m("địa chỉ sổ đăng ký (https://MÁY[:CỔNG])", "the registry's address (https://HOST[:PORT])")
          .data())("ca", po::value<std::string>()->required(),
                   m("tệp PEM của CA đã cấp chứng chỉ TLS của sổ đăng ký",
                     "PEM file of the CA that issued the registry's TLS certificate")
                       .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "registry configure --url https://HOST[:PORT] --ca FILE", g)) {
    return 0;
  }
  Result<std::string> ca = ReadFile(vm["ca"].as<std::string>(), m.lang());
  if (!ca.ok()) {
    return Fail(g, ca.status());
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Status s = centre::SetRegistryLink(c->db, vm["url"].as<std::string>(), *ca, centre::CliChange());
  if (!s.ok()) {
    return Fail(g, s);
  }
  Result<std::string> fingerprint = crypto::CertificateFingerprint(ClientCert(g));
  Result<centre::CentreInfo> info = centre::GetCentre(c->db);
  std::cout << m("Đã lưu địa chỉ sổ đăng ký: ", "Saved the registry's address: ")
            << vm["url"].as<std::string>() << "\n"
            << m("Gửi cho người quản trị sổ đăng ký để đăng ký trung tâm:",
                 "Give the registry's operator, to register the centre:")
            << "\n  " << m("mã trung tâm", "centre code") << ": " << (info.ok() ? info->code : "?")
            << "\n  "
            << m("dấu vân tay SHA-256 của chứng chỉ máy khách (tls/server.pem)",
                 "SHA-256 fingerprint of the client certificate (tls/server.pem)")
            << ": " << (fingerprint.ok() ? *fingerprint : Say(g, fingerprint.status())) << "\n  "
            << m("khóa công khai cấp chứng chỉ", "the public issuing key")
            << ": khaothi keys export-public\n  "
            << m("khóa công khai ký biên nhận (điểm, phúc khảo)",
                 "the public receipt key (marks, re-marks)")
            << ": " << (fs::path(g.data) / "keys/receipt-key.pub.pem").string() << "\n";
  return 0;
}

int ShowStatus(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi registry status");
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "registry status", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::RegistryLink> link = centre::GetRegistryLink(c->db);
  Result<centre::OutboxSummary> s = centre::SummariseOutbox(c->db);
  if (!s.ok()) {
    return Fail(g, s.status());
  }
  auto row = [&](std::string_view vi, std::string_view en) {
    return FitWidth(std::string(m(vi, en)), 16);
  };
  std::cout << row("Sổ đăng ký:", "Registry:")
            << (link.ok() ? link->url : std::string(m("(chưa cấu hình)", "(not configured)")))
            << "\n"
            << row("Chờ gửi:", "Pending:") << s->pending;
  if (s->oldest_pending_ms) {
    std::cout << m(" (cũ nhất xếp hàng lúc ", " (the oldest queued at ")
              << LocalTime(*s->oldest_pending_ms) << ")";
  }
  std::cout << "\n" << row("Đã gửi:", "Delivered:") << s->delivered;
  if (s->last_delivered_ms) {
    std::cout << m(" (lần cuối lúc ", " (the last at ") << LocalTime(*s->last_delivered_ms) << ")";
  }
  std::cout << "\n" << row("Bị từ chối:", "Refused:") << s->refused << "\n";
  for (const centre::OutboxRecord& r : s->refused_records) {
    std::cout << "  " << r.record_id << "  " << r.refusal_code << "  "
              << centre::Localize(r.refusal_reason, m.lang() == Lang::kEn) << "\n";
  }
  if (s->refused > 0) {
    std::cout << m("Sửa nguyên nhân rồi chạy `khaothi registry retry` để gửi lại.",
                   "Fix the cause, then run `khaothi registry retry` to send them again.")
              << "\n";
  }
  return 0;
}

struct Round {
  size_t offered = 0;
  int stored = 0;
  int duplicate = 0;
  int refused = 0;
};

// The registry's error reply {"error","message","message_vi"} as a bilingual message.
std::string RegistryError(const RegistryReply& reply) {
  std::string en = "HTTP " + std::to_string(reply.status);
  std::string vi = en;
  boost::system::error_code ec;
  json::value v = json::parse(reply.body, ec);
  if (!ec && v.is_object()) {
    const json::object& o = v.as_object();
    if (const json::value* e = o.if_contains("message"); e != nullptr && e->is_string()) {
      en += ": " + std::string(e->as_string());
    }
    if (const json::value* e = o.if_contains("message_vi"); e != nullptr && e->is_string()) {
      vi += ": " + std::string(e->as_string());
    }
  }
  return centre::Bilingual("sổ đăng ký từ chối lần gửi (" + vi + ")",
                           "the registry refused the push (" + en + ")");
}

// One push of at most `batch` pending records. kResourceExhausted when the registry says the
// batch is too large (the caller halves it); other failures leave the records pending.
Result<Round> PushOnce(const Globals& g, store::Database& db, const centre::RegistryLink& link,
                       size_t batch, std::chrono::milliseconds timeout) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::OutboxRecord> pending,
                           centre::PendingForRegistry(db, batch));
  Round round;
  round.offered = pending.size();
  if (pending.empty()) {
    return round;
  }
  // The envelopes go byte for byte as center.db keeps them: the registry hashes those bytes.
  std::string body = "{\"records\":[";
  std::vector<int64_t> seqs;
  for (const centre::OutboxRecord& r : pending) {
    body += (seqs.empty() ? "" : ",") + r.envelope;
    seqs.push_back(r.seq);
  }
  body += "]}";
  Result<RegistryReply> reply =
      PostToRegistry(link, ClientCert(g), ClientKey(g), "/v1/push", body, timeout);
  if (!reply.ok() || reply->status != 200) {
    KHAOTHI_RETURN_IF_ERROR(centre::RecordFailedPush(db, seqs, NowMs()));
    if (!reply.ok()) {
      return reply.status();
    }
    if (reply->status == 413) {
      return Status::ResourceExhausted(RegistryError(*reply));
    }
    return reply->status == 503 ? Status::Unavailable(RegistryError(*reply))
                                : Status::FailedPrecondition(RegistryError(*reply));
  }
  boost::system::error_code ec;
  json::value v = json::parse(reply->body, ec);
  const json::value* results =
      !ec && v.is_object() ? v.as_object().if_contains("results") : nullptr;
  if (results == nullptr || !results->is_array() || results->as_array().size() != seqs.size()) {
    KHAOTHI_RETURN_IF_ERROR(centre::RecordFailedPush(db, seqs, NowMs()));
    return Status::Corruption(centre::Bilingual(
        "câu trả lời của sổ đăng ký không đúng định dạng; các bản ghi vẫn chờ gửi",
        "the registry's reply is malformed; the records stay pending"));
  }
  std::vector<centre::RegistryAnswer> answers;
  for (size_t i = 0; i < seqs.size(); ++i) {
    const json::value& a = results->as_array()[i];
    auto text = [&a](const char* key) {
      const json::value* f = a.is_object() ? a.as_object().if_contains(key) : nullptr;
      return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
    };
    centre::RegistryAnswer answer{.seq = seqs[i],
                                  .record_id = text("id"),
                                  .status = text("status"),
                                  .code = text("code"),
                                  .reason = centre::Bilingual(text("reason_vi"), text("reason"))};
    round.stored += answer.status == "stored" ? 1 : 0;
    round.duplicate += answer.status == "duplicate" ? 1 : 0;
    round.refused += answer.status == "refused" ? 1 : 0;
    answers.push_back(std::move(answer));
  }
  KHAOTHI_RETURN_IF_ERROR(centre::RecordRegistryAnswers(db, answers, NowMs()));
  return round;
}

// Sleeps `d` unless SIGINT or SIGTERM comes first.
void SleepUnlessStopped(std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!g_stop.load() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int Push(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  int batch = 500;
  double interval_s = 10;
  double max_backoff_s = 300;
  double timeout_s = 30;
  po::options_description desc("khaothi registry push");
  desc.add_options()("batch", po::value(&batch)->default_value(batch),
                     m("số bản ghi mỗi lần gửi (1–1000)", "records per push (1-1000)").data())(
      "follow", po::bool_switch(),
      m("chạy nền: gửi mãi, thử lại khi sổ đăng ký không trả lời",
        "keep running: push forever, retry while the registry does not answer")
          .data())("interval", po::value(&interval_s)->default_value(interval_s),
                   m("--follow: giây giữa hai lần xem hàng đợi",
                     "--follow: seconds between "
                     "looks at the queue")
                       .data())(
      "max-backoff", po::value(&max_backoff_s)->default_value(max_backoff_s),
      m("--follow: thời gian chờ dài nhất giữa hai lần thử lại (giây)",
        "--follow: the longest wait between retries (seconds)")
          .data())("timeout", po::value(&timeout_s)->default_value(timeout_s),
                   m("thời hạn mỗi bước kết nối (giây)",
                     "time limit of each network step "
                     "(seconds)")
                       .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm,
                 "registry push [--batch N] [--follow [--interval S] [--max-backoff S]]", g)) {
    return 0;
  }
  const bool follow = vm["follow"].as<bool>();
  if (batch < 1 || batch > kMaxBatch || !(interval_s >= 0.05 && interval_s <= 86400) ||
      !(max_backoff_s >= 0.05 && max_backoff_s <= 86400) ||
      !(timeout_s >= 0.1 && timeout_s <= 600)) {
    return Fail(g, Status::InvalidArgument(std::string(
                       m("--batch từ 1 đến 1000; --interval, --max-backoff từ 0,05 đến 86400 giây; "
                         "--timeout từ 0,1 đến 600 giây",
                         "--batch takes 1 to 1000; --interval and --max-backoff 0.05 to 86400 "
                         "seconds; --timeout 0.1 to 600 seconds"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::RegistryLink> link = centre::GetRegistryLink(c->db);
  if (!link.ok()) {
    return Fail(g, link.status());
  }
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000));
  const auto max_backoff = std::chrono::milliseconds(static_cast<int64_t>(max_backoff_s * 1000));
  std::chrono::milliseconds backoff(500);
  std::mt19937 jitter(std::random_device{}());
  Round total;
  auto size = static_cast<size_t>(batch);
  while (!g_stop.load()) {
    Result<Round> round = PushOnce(g, c->db, *link, size, timeout);
    if (round.ok()) {
      backoff = std::chrono::milliseconds(500);
      total.offered += round->offered;
      total.stored += round->stored;
      total.duplicate += round->duplicate;
      total.refused += round->refused;
      if (round->offered > 0) {
        if (follow) {
          std::cout << LocalTime(NowMs()) << "  " << m("đã gửi ", "pushed ") << round->offered
                    << ": " << round->stored << m(" lưu mới, ", " stored, ") << round->duplicate
                    << m(" đã có, ", " duplicate, ") << round->refused
                    << m(" bị từ chối", " refused") << std::endl;
        }
        continue;  // more may be pending
      }
      if (!follow) {
        break;
      }
      SleepUnlessStopped(std::chrono::milliseconds(static_cast<int64_t>(interval_s * 1000)));
      continue;
    }
    if (round.status().code() == StatusCode::kResourceExhausted && size > 1) {
      size = std::max<size_t>(1, size / 2);  // the registry's batch or body limit is lower
      continue;
    }
    if (!follow) {
      return Fail(g, round.status());
    }
    // Back off: 0.5 s, 1 s, 2 s ... up to --max-backoff, each with up to 25 % random extra so
    // that a province of centres does not retry in step after the registry returns.
    std::cerr << LocalTime(NowMs()) << "  khaothi: " << Say(g, round.status()) << "; "
              << m("thử lại sau ", "retrying in ") << backoff.count() << " ms" << std::endl;
    const auto extra = std::chrono::milliseconds(
        std::uniform_int_distribution<int64_t>(0, backoff.count() / 4)(jitter));
    SleepUnlessStopped(backoff + extra);
    backoff = std::min(backoff * 2, max_backoff);
  }
  Result<centre::OutboxSummary> s = centre::SummariseOutbox(c->db);
  std::cout << m("Đã gửi ", "Pushed ") << total.offered << m(" bản ghi: ", " records: ")
            << total.stored << m(" lưu mới, ", " stored, ") << total.duplicate
            << m(" đã có, ", " duplicate, ") << total.refused << m(" bị từ chối", " refused");
  if (s.ok()) {
    std::cout << m("; còn chờ gửi ", "; still pending ") << s->pending
              << m(", bị từ chối tất cả ", ", refused in all ") << s->refused;
  }
  std::cout << "\n";
  return 0;
}

int Retry(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi registry retry");
  desc.add_options()("record", po::value<std::string>(),
                     m("mã bản ghi bị từ chối", "the id of a refused record").data())(
      "all", po::bool_switch(), m("mọi bản ghi bị từ chối", "every refused record").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("record", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "registry retry (RECORD_ID | --all)", g)) {
    return 0;
  }
  const bool all = vm["all"].as<bool>();
  if (all == (vm.count("record") != 0U)) {
    return Fail(
        g, Status::InvalidArgument(std::string(m("cho đúng một trong hai: mã bản ghi hoặc --all",
                                                 "give exactly one of: a record id or --all"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<int> n = centre::RetryRefused(c->db, all ? "" : vm["record"].as<std::string>());
  if (!n.ok()) {
    return Fail(g, n.status());
  }
  std::cout << *n
            << m(" bản ghi sẽ được gửi lại ở lần gửi tới",
                 " records will be offered again on the next push")
            << "\n";
  return 0;
}

}  // namespace

int CmdRegistry(Globals& g, const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "configure") {
    return Configure(g, rest);
  }
  if (sub == "status") {
    return ShowStatus(g, rest);
  }
  if (sub == "push") {
    return Push(g, rest);
  }
  if (sub == "retry") {
    return Retry(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr) << g.msg("cách dùng: ", "usage: ")
                                 << "khaothi registry configure | status | push | retry\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
