// khaothi-sim-candidates: a simulated lab for the demo and tools/exam-day.sh. Each candidate of a
// printed slips page logs in to the real khaothi-server with the real client library (the one
// khaothi-client uses), waits for the proctor's unlock when the session requires one, starts,
// answers every question, waits until each answer is acknowledged as saved, and submits.
//
//   khaothi-sim-candidates --config DIR/client/khaothi-client.conf --slips slips.html
//                          --data DIR --session S1 [--port N] [--right 30,27,12] [--lang en]
//
// Candidate i answers the first right[i mod n] questions correctly and the others wrongly; the
// keys come from the session's stored forms in DIR/center.db (a simulation needs someone who
// passes). Prints one line per candidate with the result the server returned and exits non-zero
// when any candidate could not log in, start, save an answer or submit within the time limit.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/program_options.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/client/exam_client.h"
#include "khaothi/client/ui/client_config.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "cli.h"

namespace khaothi::tools {
namespace {

namespace po = boost::program_options;
namespace net = boost::asio;
using client::EventType;
using Clock = std::chrono::steady_clock;

// A bound against hangs, not a timing requirement.
constexpr auto kStepLimit = std::chrono::seconds(60);

struct Account {
  std::string sbd;
  std::string password;
};

// The (số báo danh, mật khẩu) pairs of a page written by `khaothi slips`, in page order.
std::vector<Account> ReadSlips(const std::string& html) {
  static const std::regex kSbd(R"re(<td class="sbd">([^<]*)</td>)re");
  static const std::regex kPassword(R"re(<span class="pw">([^<]*)</span>)re");
  std::vector<Account> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kSbd); it != std::sregex_iterator();
       ++it) {
    out.push_back({(*it)[1].str(), ""});
  }
  size_t i = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kPassword);
       it != std::sregex_iterator() && i < out.size(); ++it, ++i) {
    out[i].password = (*it)[1].str();
  }
  return i == out.size() ? out : std::vector<Account>();
}

// One simulated candidate: the client and what it has seen.
class SimCandidate {
 public:
  SimCandidate(net::any_io_executor ex, client::ClientOptions options, Account account)
      : account_(std::move(account)) {
    client_ = client::ExamClient::Create(std::move(ex), std::move(options),
                                         [log = log_](const client::Event& e) {
                                           {
                                             std::lock_guard lock(log->mu);
                                             log->events.push_back(e);
                                           }
                                           log->cv.notify_all();
                                         });
  }
  SimCandidate(const SimCandidate&) = delete;
  SimCandidate& operator=(const SimCandidate&) = delete;
  ~SimCandidate() { client_->Stop(); }

  void Begin() {
    client_->Connect();
    client_->Login(account_.sbd, account_.password);
  }
  // Waits until `done()` holds, checked after every event and every 50 ms, at most kStepLimit.
  bool WaitUntil(const std::function<bool()>& done) {
    const auto end = Clock::now() + kStepLimit;
    std::unique_lock lock(log_->mu);
    while (true) {
      lock.unlock();
      const bool ok = done();
      lock.lock();
      if (ok) {
        return true;
      }
      if (Clock::now() >= end) {
        return false;
      }
      log_->cv.wait_for(lock, std::chrono::milliseconds(50));
    }
  }
  bool Saw(EventType type) const {
    std::lock_guard lock(log_->mu);
    for (const client::Event& e : log_->events) {
      if (e.type == type) {
        return true;
      }
    }
    return false;
  }
  // The code of the last login failure or error, for the message.
  std::string LastProblem() const {
    std::lock_guard lock(log_->mu);
    for (auto it = log_->events.rbegin(); it != log_->events.rend(); ++it) {
      if (it->type == EventType::kLoginFailed || it->type == EventType::kError ||
          it->type == EventType::kDisconnected) {
        return it->code + (it->text.empty() ? "" : " " + it->text);
      }
    }
    return {};
  }
  const std::string& sbd() const { return account_.sbd; }
  client::ExamClient& client() { return *client_; }

 private:
  Account account_;
  struct Log {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<client::Event> events;
  };
  std::shared_ptr<Log> log_ = std::make_shared<Log>();
  std::shared_ptr<client::ExamClient> client_;
};

// The displayed position of the key of each slot of `sbd`'s stored form.
Result<std::vector<int>> KeyPositions(store::Database& db, store::ItemStore& items,
                                      const std::string& session, const std::string& sbd) {
  Result<engine::Form> form = centre::GetForm(db, session, sbd);
  if (!form.ok()) {
    return form.status();
  }
  std::vector<int> out;
  for (const engine::FormSlot& slot : form->slots) {
    Result<engine::Item> item = items.Get(slot.item_id, slot.item_version);
    if (!item.ok()) {
      return item.status();
    }
    int position = 0;
    for (size_t p = 0; p < slot.option_order.size(); ++p) {
      if (item->options[static_cast<size_t>(slot.option_order[p])].correct) {
        position = static_cast<int>(p);
      }
    }
    out.push_back(position);
  }
  return out;
}

std::vector<int> ParseRight(const std::string& text) {
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    try {
      out.push_back(std::stoi(text.substr(start, end - start)));
    } catch (const std::exception&) {
      return {};
    }
    start = end + 1;
  }
  return out;
}

int Main(int argc, char** argv) {
  Messages m(Lang::kVi);
  po::options_description desc("khaothi-sim-candidates");
  desc.add_options()("help", "")("config", po::value<std::string>()->required(), "")(
      "slips", po::value<std::string>()->required(), "")("data",
                                                         po::value<std::string>()->required(), "")(
      "session", po::value<std::string>()->required(), "")("port", po::value<int>(), "")(
      "right", po::value<std::string>()->default_value("30"), "")(
      "lang", po::value<std::string>()->default_value("vi"), "");
  po::variables_map vm;
  auto fail = [&m](std::string_view vi, std::string_view en, const std::string& detail) {
    std::cerr << "khaothi-sim-candidates: " << m(vi, en) << detail << "\n";
    return 1;
  };
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("lang") != 0U) {
      Result<Lang> lang = ParseLang(vm["lang"].as<std::string>());
      if (!lang.ok()) {
        return fail("", "", lang.status().message());
      }
      m = Messages(*lang);
    }
    if (vm.count("help") != 0U) {
      std::cout << m("cách dùng: ", "usage: ")
                << "khaothi-sim-candidates --config DIR/client/khaothi-client.conf --slips "
                   "SLIPS.html --data DIR --session S1 [--port N] [--right 30,27,12] [--lang en]\n"
                << m("Mô phỏng phòng máy: mỗi thí sinh trên phiếu đăng nhập vào máy chủ thật, chờ "
                     "mở khóa, làm bài, nộp bài.\n"
                     "  --config  tệp khaothi-client.conf mà khaothi init đã ghi (máy chủ, CA)\n"
                     "  --slips   trang phiếu đăng nhập do khaothi slips ghi\n"
                     "  --data    thư mục trung tâm (đọc đáp án từ đề đã lưu)\n"
                     "  --session mã ca thi, ví dụ 2026-12-05-S1\n"
                     "  --port    cổng của máy chủ, thay cho cổng trong --config\n"
                     "  --right   số câu trả lời đúng của thí sinh thứ 1, 2, ... (lặp lại), ví dụ "
                     "30,27,12\n",
                     "A simulated lab: each candidate on the slips logs in to the real server, "
                     "waits for the unlock, answers, submits.\n"
                     "  --config  the khaothi-client.conf khaothi init wrote (server, CA)\n"
                     "  --slips   the login slips page khaothi slips wrote\n"
                     "  --data    the centre directory (the keys come from the stored forms)\n"
                     "  --session the session id, for example 2026-12-05-S1\n"
                     "  --port    the server's port, instead of the one in --config\n"
                     "  --right   how many questions candidates 1, 2, ... answer correctly "
                     "(repeated), for example 30,27,12\n");
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return fail("", "", e.what());
  }
  Result<client::ui::ClientConfig> config =
      client::ui::LoadClientConfig(vm["config"].as<std::string>());
  if (!config.ok()) {
    return fail("", "", config.status().message());
  }
  Result<std::string> slips = ReadFile(vm["slips"].as<std::string>());
  if (!slips.ok()) {
    return fail("", "", slips.status().message());
  }
  const std::vector<Account> accounts = ReadSlips(*slips);
  if (accounts.empty()) {
    return fail("không có phiếu đăng nhập nào trong ", "no login slip in ",
                vm["slips"].as<std::string>());
  }
  const std::vector<int> right = ParseRight(vm["right"].as<std::string>());
  if (right.empty()) {
    return fail("--right cần các số nguyên cách nhau bởi dấu phẩy: ",
                "--right needs whole numbers separated by commas: ", vm["right"].as<std::string>());
  }
  const std::string db_path = vm["data"].as<std::string>() + "/center.db";
  Result<store::Database> db = store::Database::Open(db_path, false);
  Result<std::unique_ptr<store::ItemStore>> items = store::ItemStore::Open(db_path, false);
  if (!db.ok() || !items.ok()) {
    return fail("", "", db.ok() ? items.status().message() : db.status().message());
  }
  const std::string session = vm["session"].as<std::string>();

  client::ClientOptions options;
  options.host = config->server_host;
  options.port = config->server_port;
  if (vm.count("port") != 0U) {
    const int port = vm["port"].as<int>();
    if (port <= 0 || port > 65535) {
      return fail(
          "--port phải từ 1 đến 65535: ", "--port must be 1..65535: ", std::to_string(port));
    }
    options.port = static_cast<uint16_t>(port);
  }
  options.ca_pem = config->ca_pem;

  net::io_context ioc;
  auto work = net::make_work_guard(ioc);
  std::thread io([&ioc] { ioc.run(); });
  std::vector<std::unique_ptr<SimCandidate>> cands;
  for (const Account& a : accounts) {
    client::ClientOptions o = options;
    o.machine = "PC-" + a.sbd;
    cands.push_back(std::make_unique<SimCandidate>(ioc.get_executor(), o, a));
  }
  int failures = 0;
  auto problem = [&](SimCandidate& c, std::string_view vi, std::string_view en) {
    std::cout << c.sbd() << ": " << m(vi, en) << " " << c.LastProblem() << std::endl;
    ++failures;
  };
  std::vector<SimCandidate*> in;
  for (auto& c : cands) {
    c->Begin();
  }
  for (auto& c : cands) {
    if (c->WaitUntil([&] { return c->Saw(EventType::kLoggedIn); })) {
      in.push_back(c.get());
    } else {
      problem(*c, "không đăng nhập được:", "could not log in:");
    }
  }
  const bool unlock = !in.empty() && in.front()->client().info().unlock_required;
  if (unlock) {
    std::cout << in.size()
              << m(" thí sinh đã đăng nhập, chờ cán bộ coi thi mở khóa",
                   " candidates logged in, waiting for the proctor's unlock")
              << std::endl;
  }
  std::vector<SimCandidate*> sitting;
  for (SimCandidate* c : in) {
    if (unlock && !c->WaitUntil([&] { return c->Saw(EventType::kUnlocked); })) {
      problem(*c, "không được mở khóa:", "was not unlocked:");
      continue;
    }
    c->client().Start();
    if (c->WaitUntil([&] { return c->Saw(EventType::kForm); })) {
      sitting.push_back(c);
    } else {
      problem(*c, "không bắt đầu được:", "could not start:");
    }
  }
  size_t i = 0;
  for (SimCandidate* c : sitting) {
    Result<std::vector<int>> keys = KeyPositions(*db, **items, session, c->sbd());
    if (!keys.ok()) {
      std::cout << c->sbd() << ": " << keys.status().message() << std::endl;
      ++failures;
      continue;
    }
    const int correct = right[i++ % right.size()];
    for (const client::Question& q : c->client().questions()) {
      const int key = (*keys)[static_cast<size_t>(q.slot)];
      const int n = static_cast<int>(q.options.size());
      c->client().Answer(q.slot, {q.slot < correct ? key : (key + 1) % n});
    }
  }
  for (SimCandidate* c : sitting) {
    if (!c->WaitUntil([&] { return c->client().pending_count() == 0; })) {
      problem(*c, "câu trả lời chưa được lưu:", "answers not saved:");
      continue;
    }
    c->client().Submit();
    if (!c->WaitUntil([&] { return c->client().result().has_value(); })) {
      problem(*c, "không nộp được bài:", "could not submit:");
      continue;
    }
    const client::Result r = *c->client().result();
    std::cout << c->sbd() << ": " << m("đã nộp bài, ", "submitted, ") << r.answered << "/"
              << r.total << m(" câu đã trả lời", " answered");
    if (r.score) {
      std::cout << m(", điểm lý thuyết ", ", theory score ") << *r.score << "/"
                << r.scale.value_or("?");
    }
    std::cout << (r.receipt_json.empty() ? m(", không có biên nhận", ", no receipt")
                                         : m(", có biên nhận đã ký", ", signed receipt"))
              << std::endl;
    failures += r.receipt_json.empty() ? 1 : 0;
  }
  cands.clear();  // each one Stop()s its client
  // Let the stopped clients end their operations before the io_context goes: a client whose
  // handlers were still queued would otherwise be destroyed under them (the load generator's
  // lesson, issue 13 item 0). The 10 s only bounds the wait.
  work.reset();
  for (int waited = 0; waited < 1000 && !ioc.stopped(); ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ioc.stop();
  io.join();
  std::cout << sitting.size() << "/" << accounts.size()
            << m(" thí sinh đã làm bài", " candidates sat the exam") << std::endl;
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace khaothi::tools

int main(int argc, char** argv) { return khaothi::tools::Main(argc, argv); }
